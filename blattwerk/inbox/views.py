"""Public press-release form (/pressemitteilung/): CSRF cookie only here, no scripts, no third parties."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from .forms import MIN_FILL_SECONDS, PressReleaseForm, form_timestamp, seconds_since
from .intake import add_attachment, notify_editors
from .models import Submission

logger = logging.getLogger(__name__)

RATE_LIMIT_COUNT = 5
RATE_LIMIT_WINDOW_SECONDS = 60 * 60


def _client_key(request: HttpRequest) -> str:
    return "inbox:form-rate:" + request.META.get("REMOTE_ADDR", "unknown")


def _rate_limited(request: HttpRequest) -> bool:
    return cache.get(_client_key(request), 0) >= RATE_LIMIT_COUNT


def _count_submission(request: HttpRequest) -> None:
    key = _client_key(request)
    if cache.add(key, 1, RATE_LIMIT_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_LIMIT_WINDOW_SECONDS)


@csrf_protect
def submit(request: HttpRequest) -> HttpResponse:
    problem = ""
    if request.method == "POST":
        form = PressReleaseForm(request.POST, request.FILES)
        if _rate_limited(request):
            problem = _(
                "Von Ihrem Anschluss kamen in der letzten Stunde schon mehrere Einsendungen. Bitte versuchen Sie "
                "es später noch einmal oder schreiben Sie uns eine E-Mail."
            )
        elif form.is_honeypot_filled:
            # Bots are told it worked, so they do not adapt; nothing is stored.
            logger.info("Press-release form: honeypot filled, discarded")
            return redirect("inbox:thanks")
        elif (elapsed := seconds_since(request.POST.get("started", ""))) is None or elapsed < MIN_FILL_SECONDS:
            problem = _(
                "Das ging schneller, als ein Mensch tippen kann – oder das Formular war zu lange geöffnet. "
                "Bitte prüfen Sie Ihre Angaben und senden Sie erneut."
            )
        elif form.is_valid():
            _store(request, form)
            return redirect("inbox:thanks")
        if problem or form.errors:
            # Keep what was typed, with a fresh timestamp; files must be chosen again (browsers forbid refilling).
            data = request.POST.copy()
            data["started"] = form_timestamp()
            form.data = data
    else:
        form = PressReleaseForm(initial={"started": form_timestamp()})
    response = TemplateResponse(
        request,
        "inbox/press_release_form.html",
        {"form": form, "problem": problem, "had_files": bool(request.FILES)},
        status=429 if problem and _rate_limited(request) else 200,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _store(request: HttpRequest, form: PressReleaseForm) -> Submission:
    data = form.cleaned_data
    with transaction.atomic():
        submission = Submission.objects.create(
            source=Submission.Source.WEB,
            title=data["title"],
            sender_name=data["sender_name"],
            organisation=data["organisation"],
            sender_email=data["sender_email"],
            text=data["text"],
        )
        for name, content in data["attachments"]:
            add_attachment(submission, name, content)
    _count_submission(request)
    notify_editors(submission)
    return submission


def thanks(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "inbox/press_release_thanks.html", {})
