"""Admin-only views of the inbox: private files and the take-over into a draft article."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from blattwerk.news.models import SectionPage

from .drafts import create_draft
from .models import Attachment, Submission


def _require(request: HttpRequest, codename: str) -> None:
    if not request.user.has_perm(f"inbox.{codename}"):
        raise PermissionDenied


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment for preview: images and PDFs inline (types are sniffed), everything else as download."""
    _require(request, "view_submission")
    item = get_object_or_404(Attachment, pk=pk)
    inline = item.kind in (Attachment.Kind.IMAGE, Attachment.Kind.PDF)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=item.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def raw_message(request: HttpRequest, pk: int) -> FileResponse:
    """The message exactly as it arrived, as a download (for unreadable messages or evidence)."""
    _require(request, "view_submission")
    submission = get_object_or_404(Submission, pk=pk)
    if not submission.raw:
        raise PermissionDenied
    response = FileResponse(
        submission.raw.open("rb"),
        content_type="application/octet-stream",
        as_attachment=True,
        filename=f"eingang-{submission.pk}.eml",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


class SectionChoiceForm(forms.Form):
    section = forms.ModelChoiceField(
        label=gettext_lazy("Rubrik"), queryset=SectionPage.objects.none(), empty_label=None
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sections = [
            section.pk
            for section in SectionPage.objects.order_by("path")
            if section.permissions_for_user(user).can_add_subpage()
        ]
        self.fields["section"].queryset = SectionPage.objects.filter(pk__in=sections).order_by("path")


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Als Entwurf übernehmen": choose the section, then land in the page editor of the new draft."""
    _require(request, "change_submission")
    submission = get_object_or_404(Submission, pk=pk)
    if submission.article_id:
        messages.info(request, _("Diese Einsendung wurde schon als Artikel übernommen."))
        return redirect("wagtailadmin_pages:edit", submission.article_id)
    form = SectionChoiceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        page = create_draft(submission, form.cleaned_data["section"], user=request.user)
        messages.success(
            request, _("Entwurf „%(title)s“ angelegt. Er ist noch nicht veröffentlicht.") % {"title": page.title}
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "inbox/admin/accept.html",
        {
            "submission": submission,
            "form": form,
            "back_url": reverse("wagtailsnippets_inbox_submission:edit", args=[submission.pk]),
        },
    )
