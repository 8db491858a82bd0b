"""Old WordPress links of the form /?p=123 (and /?page_id=123) lead to the imported page.

Wagtail's Redirect objects match paths only, never query strings, so these are answered here
by looking the id up in ImportedItem. Everything else passes through untouched.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from .models import ImportedItem

QUERY_PARAMETERS = (("p", ImportedItem.Kind.POST), ("page_id", ImportedItem.Kind.PAGE))


class WordPressQueryRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/" and request.method in ("GET", "HEAD") and request.GET:
            response = self.redirect_for(request)
            if response is not None:
                return response
        return self.get_response(request)

    def redirect_for(self, request: HttpRequest) -> HttpResponse | None:
        for parameter, kind in QUERY_PARAMETERS:
            value = request.GET.get(parameter, "")
            if not value.isdigit():
                continue
            kinds = [kind] if kind == ImportedItem.Kind.PAGE else [ImportedItem.Kind.POST, ImportedItem.Kind.PAGE]
            item = (
                ImportedItem.objects.filter(kind__in=kinds, external_id=value, page__isnull=False)
                .select_related("page")
                .first()
            )
            if item is None or not item.page.live:
                continue
            url = item.page.get_url(request)
            if url:
                return HttpResponsePermanentRedirect(url)
        return None
