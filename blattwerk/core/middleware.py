"""Security headers for reader pages: a strict Content-Security-Policy with no inline code."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Reader pages load only from our own origin; no inline scripts or styles anywhere.
READER_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)
# The Wagtail admin ships inline scripts of its own, so it keeps its own policy.
UNRESTRICTED_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy to every reader response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(UNRESTRICTED_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", READER_CSP)
            response.headers.setdefault(
                "Permissions-Policy",
                "interest-cohort=(), browsing-topics=(), camera=(), microphone=()",
            )
        return response
