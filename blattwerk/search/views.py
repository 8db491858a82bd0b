"""Reader search over published articles (results are marked noindex)."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from blattwerk.news.models import ArticlePage
from blattwerk.news.pagination import paginate

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
MAX_RESULTS = 200
MAX_RESULTS = 200


def clean_query(raw: str) -> str:
    """Cut absurd input to a sane length and drop control characters."""
    text = "".join(ch for ch in raw[: MAX_QUERY_LENGTH * 2] if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        # The database backend cannot count search results on SQLite, so they are capped and listed.
        matches = list(ArticlePage.objects.published().search(query, operator="and")[:MAX_RESULTS])
        results = paginate(request, matches, RESULTS_PER_PAGE)
    response = TemplateResponse(request, "search/search.html", {"query": query, "results": results})
    response.headers["X-Robots-Tag"] = "noindex"
    return response
