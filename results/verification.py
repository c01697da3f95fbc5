"""Certificate views: the candidate's « Mes certificats » page and PDF, the public /verification/ page.

The verification page takes the code by POST only, so that it never appears in an access log or a
browser history; one neutral answer for every code without a certificate (unknown, malformed,
unpublished, rejected, cancelled…), and a lock per client IP after too many of them
(docs/certificats.md).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.requests import request_user
from accounts.throttle import throttle_failure, throttle_locked_until
from certification.models import ResultStatus
from pixcertif.lib.client_ip import client_ip
from pixcertif.lib.forms import DsfrForm
from results.certificates import (
    certificate_data,
    certificate_pdf,
    course_by_verification_code,
    normalize_verification_code,
    user_certified_course,
    user_courses,
)

VERIFICATION_SCOPE = "verification"
VERIFICATION_LIMIT = 20  # failures per client IP…
VERIFICATION_WINDOW = dt.timedelta(minutes=10)  # …within this window…
VERIFICATION_LOCK = dt.timedelta(minutes=10)  # …lock for this long (then 20, 40… minutes)


def msg_no_certificate() -> str:
    # One answer whatever the reason: nothing to learn about a code by trying it.
    return _("Aucun certificat ne correspond à ce code, ou il n'est pas publié.")


def msg_locked() -> str:
    return _("Trop de codes essayés depuis votre connexion : réessayez dans quelques minutes.")


class VerificationForm(DsfrForm):
    code = forms.CharField(
        label=gettext_lazy("Code de vérification"),
        help_text=gettext_lazy("Il figure sur le certificat, sous la forme P-XXXXXXXX."),
        max_length=40,
        strip=True,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_certificates(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "course": course,
            "result": result,
            "validated": result is not None and result.status == ResultStatus.VALIDATED,
        }
        for course, result in user_courses(request_user(request))
    ]
    return render(request, "results/certificates.html", {"rows": rows})


@never_cache
@login_required
def my_certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    course = user_certified_course(request_user(request), pk)
    if course is None:  # someone else's, unpublished, not validated or missing: the same 404
        raise Http404
    # Checked after the lookup, so that anyone else gets the same 404 whatever the method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    filename, content_type, content = certificate_pdf(course)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verification(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "results/verification.html", {"form": VerificationForm()})
    now, key = timezone.now(), client_ip(request)
    form = VerificationForm(request.POST)
    if throttle_locked_until(scope=VERIFICATION_SCOPE, key=key, now=now):
        return _refused(request, msg_locked(), status=429)
    code = normalize_verification_code(form.cleaned_data["code"]) if form.is_valid() else None
    course = course_by_verification_code(code) if code else None
    if course is None:
        locked = throttle_failure(
            scope=VERIFICATION_SCOPE,
            key=key,
            now=now,
            limit=VERIFICATION_LIMIT,
            window=VERIFICATION_WINDOW,
            lock=VERIFICATION_LOCK,
        )
        if locked:
            return _refused(request, msg_locked(), status=429)
        return _refused(request, msg_no_certificate())
    # No throttle_success: one valid code must not buy an attacker another 20 tries.
    context = {"form": VerificationForm(), "certificate": certificate_data(course)}
    return render(request, "results/verification.html", context)


def _refused(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    # A fresh form, not the one typed: the page is the same for every refused code.
    return render(request, "results/verification.html", {"form": VerificationForm(), "error": message}, status=status)
