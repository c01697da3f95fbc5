"""The candidate's side of exam day (DOMAIN.md §4–5): account, joining a session, the test pages.

A test is bound to the browser session that joined it: a reload or the back button continues it,
another browser (or a new login) must join again, which needs the supervisor's « Autoriser la
reprise du test » (docs/passage-du-test.md).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import request_user
from accounts.services import account_signup_request, msg_too_many_emails
from accounts.signup import account_activate, signup_user_from_link
from certification.forms import AnswerForm, CandidateSignupCompleteForm, CandidateSignupForm, JoinForm
from certification.models import CertificationChallenge, CertificationCourse, CourseStatus
from certification.rules import with_extra_time
from certification.selectors import course_next_question, course_of_user
from certification.services import (
    CertificationError,
    QuestionNotInCourse,
    answer_submit,
    course_join,
    question_focus_lost,
    question_show,
)
from pixcertif.lib.client_ip import client_ip

SESSION_KEY = "certification_courses"  # the courses this browser session joined


def _get_course_for_candidate(request: HttpRequest, pk: int) -> CertificationCourse:
    """The user's own test (with ``question_count``); 404 for anyone else's, exactly as for one that does not exist."""
    course = course_of_user(user=request_user(request), pk=pk)
    if course is None:
        raise Http404
    return course


def _is_bound(request: HttpRequest, course: CertificationCourse) -> bool:
    return course.pk in request.session.get(SESSION_KEY, [])


def _bind(request: HttpRequest, course: CertificationCourse) -> None:
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), course.pk][-10:]


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("certification:certification_join")


@require_http_methods(["GET", "POST"])
def candidate_signup(request: HttpRequest) -> HttpResponse:
    """The address only, and one answer for every address (accounts/signup.py): the e-mail says the rest."""
    if request.user.is_authenticated:
        return redirect("certification:certification_join")
    form = CandidateSignupForm(request.POST or None)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        locked = account_signup_request(
            email=form.cleaned_data["email"], client=client_ip(request), next_url=_safe_next(request, target)
        )
        if locked is None:
            return redirect("certification:candidate_signup_sent")
        form.add_error(None, msg_too_many_emails())
        return render(request, "certification/candidate_signup.html", {"form": form, "next": target}, status=429)
    return render(request, "certification/candidate_signup.html", {"form": form, "next": target})


@require_http_methods(["GET", "HEAD"])
def candidate_signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "certification/candidate_signup_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def candidate_signup_complete(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The e-mail's link: names and password, then logged in and on to joining a session."""
    user = signup_user_from_link(uidb64, token)
    if user is None:
        return render(request, "certification/candidate_signup_complete.html", {"form": None}, status=404)
    form = CandidateSignupCompleteForm(request.POST or None)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = account_activate(
            user=user, first_name=data["first_name"], last_name=data["last_name"], password=data["password1"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Votre compte candidat est créé."))
        return redirect(_safe_next(request, target))
    context = {"form": form, "next": target, "email": user.email}
    return render(request, "certification/candidate_signup_complete.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def certification_join(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # The landing page of a candidate who has no account yet: « Se connecter » or « Créer un compte ».
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "certification/certification_join.html", {"form": None})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = course_join(
                user=request_user(request),
                session_number=data["session_number"],
                access_code=data["access_code"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birthdate=data["birthdate"],
            )
        except CertificationError as error:
            form.add_error(None, error.message)
        else:
            _bind(request, course)
            return redirect("certification:course_test", pk=course.pk)
    running = CertificationCourse.objects.filter(
        pk__in=request.session.get(SESSION_KEY, []), user=request.user, status=CourseStatus.STARTED
    ).first()
    return render(request, "certification/certification_join.html", {"form": form, "running": running})


def _question_context(
    course: CertificationCourse, question: CertificationChallenge, now: dt.datetime
) -> dict[str, Any]:
    challenge = question.challenge
    seconds_left = None
    if challenge.timer_seconds is not None and question.first_shown_at is not None:
        allowed = with_extra_time(dt.timedelta(seconds=challenge.timer_seconds), course.extra_time_percentage)
        seconds_left = max(0, math.ceil((question.first_shown_at + allowed - now).total_seconds()))
    return {
        "question": question,
        "challenge": challenge,
        "proposals": list(enumerate(challenge.proposals)),
        "seconds_left": seconds_left,
        "question_count": course.question_count,  # type: ignore[attr-defined]  # annotated by course_of_user
    }


@login_required
@never_cache
def course_test(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_candidate(request, pk)
    if course.status == CourseStatus.COMPLETED:
        return render(request, "certification/course_completed.html", {"course": course})
    if not course.is_running() or not course.session.accepts_candidates():
        return render(request, "certification/course_ended.html", {"course": course})
    if not _is_bound(request, course):
        messages.info(
            request,
            _(
                "Pour reprendre votre test, saisissez à nouveau vos informations : votre surveillant doit d'abord autoriser la reprise."
            ),
        )
        return redirect("certification:certification_join")
    question = course_next_question(course)
    if question is None:  # every question answered: the last answer completed the test
        return render(request, "certification/course_completed.html", {"course": course})
    now = timezone.now()
    question = question_show(question=question, now=now)
    context = {"course": course, **_question_context(course, question, now)}
    return render(request, "certification/course_test.html", context)


@login_required
@require_POST
def course_answer(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_candidate(request, pk)
    if not _is_bound(request, course):
        return redirect("certification:course_test", pk=course.pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        errors = form.non_field_errors() or [_("Votre réponse n'a pas pu être lue : recommencez.")]
        messages.error(request, str(errors[0]))
        return redirect("certification:course_test", pk=course.pk)
    question = CertificationChallenge(pk=form.cleaned_data["question"], course=course)  # read again by the service
    try:
        answer_submit(course=course, question=question, value=form.value(), skipped=form.cleaned_data["skip"])
    except QuestionNotInCourse:
        raise Http404 from None
    except CertificationError as error:
        messages.error(request, error.message)
    return redirect("certification:course_test", pk=course.pk)


@login_required
@require_POST
def course_focus_lost(request: HttpRequest, pk: int) -> HttpResponse:
    """Called by test.js when the candidate leaves the page of a focus question."""
    course = _get_course_for_candidate(request, pk)
    question_pk = request.POST.get("question", "")
    if not question_pk.isascii() or not question_pk.isdigit() or len(question_pk) > 12:
        return HttpResponse(status=400)
    question = get_object_or_404(CertificationChallenge, pk=int(question_pk), course=course)
    if _is_bound(request, course):
        question_focus_lost(course=course, question=question)
    return HttpResponse(status=204)
