from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def query_replace(query: str, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@register.filter
def next_sort(active: str, key: str) -> str:
    """Clicking a column sorts by it ascending, then descending (dates start newest first)."""
    if active == key:
        return f"-{key}"
    if active == f"-{key}":
        return key
    return f"-{key}" if key == "date" else key
