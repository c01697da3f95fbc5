from __future__ import annotations

from celery import shared_task

from certification.services_scoring import course_score_auto, courses_unscored_sweep


@shared_task(acks_late=True)
def course_score_task(course_id: int) -> int | None:
    """Score a test that has just ended; safe to run twice (course_score_auto skips a scored test)."""
    result = course_score_auto(course_id=course_id)
    return result.pk if result else None


@shared_task(acks_late=True)
def courses_unscored_sweep_task() -> list[int]:
    """Every minute (beat): the tests whose scoring task never ran (broker down when they ended)."""
    return courses_unscored_sweep()
