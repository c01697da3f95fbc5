"""Queueing a Celery task after commit without letting the broker break the request.

``enqueue_on_commit(task, *args)``
    The one way a service starts a job once its transaction commits (publication e-mails, deadline e-mails,
    auto-jury, scoring, certificates, LSU/LSL exports, invitations…): after the commit, send the task; if the
    broker is down or slow, log it and go on: the request that changed the data still succeeds (a candidate's
    answer never depends on Redis). The work left undone is found again by a periodic sweep or a staff
    button (docs/reliability.md). A job is a task, never a function run inside the request after commit.
    ``ignore_result``: the sender never reads the result, and asking for it would subscribe the web process
    to the result store, whose client gives up for good after a Redis outage.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)

# One quick retry, then give up: the request must not hang on a missing broker.
SEND_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def enqueue(task: Task, *args: Any) -> bool:
    """Send now; False (logged) when the broker refused."""
    if task.app.conf.task_always_eager:  # tests: run it here, and let its errors fail the test
        task.delay(*args)
        return True
    try:
        task.apply_async(args=args, ignore_result=True, retry=True, retry_policy=SEND_RETRY_POLICY)
    except Exception:
        logger.exception(
            "Broker indisponible : %s%r non mise en file, le balayage périodique la reprendra", task.name, args
        )
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Send ``task(*args)`` once the current transaction commits (at once outside a transaction); ids and
    strings only in ``args``: they cross the broker as JSON."""
    transaction.on_commit(partial(enqueue, task, *args))
