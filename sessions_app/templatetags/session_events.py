from __future__ import annotations

from django import template

from sessions_app.event_labels import event_label
from sessions_app.models import SessionEvent

register = template.Library()


@register.filter
def label(event: SessionEvent) -> str:
    return event_label(event)
