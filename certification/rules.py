"""Pure time rules of a test (DOMAIN.md §4, §5): theoretical end, question time limits, resume window."""

from __future__ import annotations

import datetime as dt
from typing import Final

TEST_DURATION: Final = dt.timedelta(hours=1, minutes=45)
# A correct answer that reaches the server within this margin after the countdown still counts:
# the page posts when its own countdown ends, and the request takes time to arrive.
NETWORK_GRACE: Final = dt.timedelta(seconds=5)
RESUME_VALIDITY: Final = dt.timedelta(minutes=15)


def with_extra_time(duration: dt.timedelta, extra_time_percentage: int | None) -> dt.timedelta:
    """The duration lengthened by the candidate's extra time (« temps majoré »), in percent."""
    return duration * (100 + (extra_time_percentage or 0)) / 100


def theoretical_end(started_at: dt.datetime, extra_time_percentage: int | None) -> dt.datetime:
    """Start + 1 h 45 + extra time: shown to the supervisor only, the test never ends by itself."""
    return started_at + with_extra_time(TEST_DURATION, extra_time_percentage)


def answer_deadline(
    first_shown_at: dt.datetime | None, timer_seconds: int | None, extra_time_percentage: int | None
) -> dt.datetime | None:
    """Until when a correct answer to a timed question counts; None when there is no limit."""
    if timer_seconds is None or first_shown_at is None:
        return None
    return first_shown_at + with_extra_time(dt.timedelta(seconds=timer_seconds), extra_time_percentage) + NETWORK_GRACE
