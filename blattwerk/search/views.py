"""Reader search (HTML), the JSON search API and suggestions while typing. All marked noindex."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from blattwerk.core.templatetags.blattwerk import iso_datetime
from blattwerk.news.models import Author, SectionPage

from .backends import Period, SearchFilters, SearchResults, Sort, get_backend
from .query import clean_query

RESULTS_PER_PAGE = 20
API_MAX_PER_PAGE = 50
SUGGESTIONS = 8


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("seite", "1")))
    except ValueError:
        return 1


def _choice(value: str, choices: type[Sort] | type[Period], default: str | None) -> str | None:
    return value if value in choices.values else default


def _filters(request: HttpRequest, sections: list[SectionPage], authors: list[Author]) -> SearchFilters:
    section = next((s for s in sections if s.slug == request.GET.get("rubrik")), None)
    author = next((a for a in authors if a.slug == request.GET.get("autor")), None)
    return SearchFilters(
        section_id=section.pk if section else None,
        author_id=author.pk if author else None,
        period=_choice(request.GET.get("zeitraum", ""), Period, None),
    )


def _run(
    request: HttpRequest, per_page: int, sections, authors
) -> tuple[str, str, SearchFilters, SearchResults | None]:
    query = clean_query(request.GET.get("q", ""))
    sort = _choice(request.GET.get("sortierung", ""), Sort, Sort.RELEVANCE)
    filters = _filters(request, sections, authors)
    if not query:
        return query, sort, filters, None
    results = get_backend().search(query, filters=filters, sort=sort, page=_page_number(request), per_page=per_page)
    return query, sort, filters, results


def _noindex(response: HttpResponse) -> HttpResponse:
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _query_string(request: HttpRequest, **changes) -> str:
    params = {key: request.GET.get(key) for key in ("q", "rubrik", "autor", "zeitraum", "sortierung")}
    params.update(changes)
    return "?" + urlencode({key: value for key, value in params.items() if value})


def search(request: HttpRequest) -> HttpResponse:
    sections = list(SectionPage.objects.live().public().order_by("path"))
    authors = list(Author.objects.filter(articles__live=True).distinct().order_by("name"))
    query, sort, filters, results = _run(request, RESULTS_PER_PAGE, sections, authors)
    pages = []
    if results is not None and results.num_pages > 1:
        pages = [(number, _query_string(request, seite=number)) for number in range(1, results.num_pages + 1)]
    context = {
        "query": query,
        "results": results,
        "sort": sort,
        "filters": filters,
        "sections": sections,
        "authors": authors,
        "periods": Period.choices,
        "sorts": Sort.choices,
        "selected_section": request.GET.get("rubrik", ""),
        "selected_author": request.GET.get("autor", ""),
        "pages": pages,
        "previous_url": _query_string(request, seite=results.page - 1) if results and results.has_previous else "",
        "next_url": _query_string(request, seite=results.page + 1) if results and results.has_next else "",
        "suggestion_url": _query_string(request, q=results.suggestion, seite=None)
        if results and results.suggestion
        else "",
        "sort_urls": [(value, label, _query_string(request, sortierung=value)) for value, label in Sort.choices],
    }
    return _noindex(TemplateResponse(request, "search/search.html", context))


def api(request: HttpRequest) -> JsonResponse:
    """GET /suche/api/?q=…&rubrik=…&autor=…&zeitraum=…&sortierung=…&seite=…&anzahl=…"""
    sections = list(SectionPage.objects.live().public())
    authors = list(Author.objects.all())
    try:
        per_page = min(API_MAX_PER_PAGE, max(1, int(request.GET.get("anzahl", RESULTS_PER_PAGE))))
    except ValueError:
        per_page = RESULTS_PER_PAGE
    query, sort, _filters_used, results = _run(request, per_page, sections, authors)
    if results is None:
        return _noindex(JsonResponse({"query": query, "error": _("Bitte einen Suchbegriff angeben (?q=…).")}))
    data = {
        "query": query,
        "total": results.shown_total,
        "total_exact": results.total_is_exact,
        "page": results.page,
        "pages": results.num_pages,
        "sort": sort,
        "suggestion": results.suggestion,
        "corrected": results.corrected,
        "results": [
            {
                "title": hit.article.title,
                "url": hit.article.get_full_url(request),
                "section": hit.article.section.title if hit.article.section else None,
                "published_at": iso_datetime(hit.article.published_at),
                "title_html": str(hit.title_html),
                "snippet_html": str(hit.snippet_html),
            }
            for hit in results.hits
        ],
    }
    return _noindex(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


def suggestions(request: HttpRequest) -> JsonResponse:
    """GET /suche/vorschlaege/?q=… → topics and headlines for a partly typed query."""
    prefix = clean_query(request.GET.get("q", ""))[:100]
    items = get_backend().suggest(prefix, SUGGESTIONS) if prefix else []
    data = {"query": prefix, "suggestions": [{"label": s.label, "url": s.url, "kind": s.kind} for s in items]}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response.headers["Cache-Control"] = "public, max-age=60"
    return _noindex(response)
