"""Answers ``OtherCentre`` (centres/current.py) with a page instead of a bare 404."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from centres.current import OtherCentre, current_membership


class OtherCentreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OtherCentre):
            return None
        current, _all = current_membership(request)
        context = {
            "other": exception.membership,
            "current": current,
            "what": exception.what,
            "next_url": exception.next_url,
        }
        # A page that answers, like a login page: the session is his, one click away. Not a 403: nothing is
        # refused to him, and a browser reports every 4xx page as an error.
        return render(request, "centres/other_centre.html", context)
