"""Posting to a live blog: one short form and one click, without republishing the page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blattwerk.news.models import Author

from .forms import LiveEntryForm
from .models import LiveBlogPage, LiveBlogStatus, LiveEntry


def _editable_live_blog(request: HttpRequest, page_id: int) -> LiveBlogPage:
    page = get_object_or_404(LiveBlogPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def index(request: HttpRequest) -> HttpResponse:
    """The live blogs this editor may post to, running ones first."""
    pages = [
        page
        for page in LiveBlogPage.objects.order_by("status", "-coverage_start")[:50]
        if page.permissions_for_user(request.user).can_edit()
    ]
    return TemplateResponse(request, "live/admin/index.html", {"pages": pages, "header_title": _("Liveticker")})


def entries(request: HttpRequest, page_id: int, entry_id: int | None = None) -> HttpResponse:
    page = _editable_live_blog(request, page_id)
    entry = get_object_or_404(LiveEntry.objects.visible(), pk=entry_id, live_blog=page) if entry_id else None
    original_time = entry.time if entry else None
    if request.method == "POST":
        form = LiveEntryForm(request.POST, instance=entry)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.live_blog = page
            if not saved.time:
                saved.time = original_time or timezone.now()
            if entry is None:
                saved.created_by = request.user
            saved.save()
            messages.success(request, _("Eintrag geändert.") if entry else _("Eintrag veröffentlicht."))
            return redirect("live_admin:entries", page_id=page.pk)
    else:
        initial = {}
        if entry is None:
            author = Author.objects.filter(user=request.user).first()
            initial = {"author": author, "pinned": False}
        form = LiveEntryForm(instance=entry, initial=initial)
    return TemplateResponse(
        request,
        "live/admin/entries.html",
        {
            "page": page,
            "form": form,
            "editing": entry,
            "entries": page.entries.visible().select_related("author").order_by("-time", "-pk")[:200],
            "header_title": page.title,
        },
    )


@require_POST
def delete_entry(request: HttpRequest, page_id: int, entry_id: int) -> HttpResponse:
    page = _editable_live_blog(request, page_id)
    entry = get_object_or_404(LiveEntry.objects.visible(), pk=entry_id, live_blog=page)
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at", "updated_at"])
    messages.success(request, _("Eintrag gelöscht."))
    return redirect("live_admin:entries", page_id=page.pk)


@require_POST
def end_live_blog(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "Liveticker beenden": the page stays as an archived article with all its entries."""
    page = _editable_live_blog(request, page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    page = page.get_latest_revision_as_object()
    page.status = LiveBlogStatus.ENDED
    page.coverage_end = page.coverage_end or timezone.now()
    page.save_revision(user=request.user, log_action=True).publish(user=request.user)
    messages.success(request, _("Liveticker beendet. Die Seite bleibt als Artikel mit allen Einträgen erhalten."))
    return redirect(reverse("live_admin:entries", kwargs={"page_id": page.pk}))
