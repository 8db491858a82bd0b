"""Pagination with German query parameter (?seite=2) and a bound on how deep readers can page."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

PAGE_PARAMETER = "seite"
# Deeper archive pages are reached through search, topics and sitemaps, not by paging.
MAX_PAGES = 500


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    """Return the requested page; a page number out of range is a 404, not page 1."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    raw = request.GET.get(PAGE_PARAMETER, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError) as error:
        raise Http404("Ungültige Seitenzahl") from error
    if number < 1 or number > MAX_PAGES:
        raise Http404("Seite außerhalb des Archivs")
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("Diese Seite gibt es nicht") from error
