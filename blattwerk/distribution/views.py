"""Public, cacheable machine endpoints: feeds, sitemaps, the Google News sitemap and robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from blattwerk.core.templatetags.blattwerk import iso_datetime

from .feeds import FEEDS, feed_etag, feed_last_modified, feed_path
from .head import FEED_TYPES
from .links import links_for
from .sitemaps import news_articles, sitemaps_for

XML = "application/xml; charset=utf-8"
# Private or endless URL spaces that crawlers should leave alone.
ROBOTS_DISALLOW = ("/admin/", "/django-admin/", "/suche/")


@require_safe
@condition(etag_func=feed_etag, last_modified_func=feed_last_modified)
def feed(request: HttpRequest, format: str, kind: str = "site", slug: str = "") -> HttpResponse:
    response = FEEDS[format](request, kind=kind, slug=slug)
    # The syndication view sets Last-Modified from the newest entry; the conditional-GET
    # decorator's value also counts removals, so let it set the header instead.
    if response.has_header("Last-Modified"):
        del response["Last-Modified"]
    response["X-Robots-Tag"] = "noindex, follow"
    return response


@require_safe
def feed_overview(request: HttpRequest) -> HttpResponse:
    """/feeds/: every feed a reader can subscribe to, as plain links (no feed-reader extension needed)."""
    from blattwerk.news.models import ArticlePage, Author, SectionPage, Topic

    links = links_for(request)
    published = ArticlePage.objects.published()

    def formats(kind: str = "site", slug: str = "") -> list[dict]:
        return [
            # Relative, so the links work on whatever host serves the page (the browser copies them absolute).
            {"name": name, "type": mime_type, "url": feed_path(format, kind, slug)}
            for format, mime_type, name in FEED_TYPES
        ]

    sections = SectionPage.objects.live().public().in_menu()
    if links.home is not None:
        sections = sections.child_of(links.home)
    context = {
        "canonical_url": links.absolute(request.path),
        "site_name": links.site_name,
        "site_feeds": formats(),
        "groups": [
            (_("Rubriken"), [(section.title, formats("rubrik", section.slug)) for section in sections]),
            (
                _("Autorinnen und Autoren"),
                [
                    (author.name, formats("autor", author.slug))
                    for author in Author.objects.filter(articles__in=published).distinct().order_by("name")
                ],
            ),
            (
                _("Themen"),
                [
                    (topic.name, formats("thema", topic.slug))
                    for topic in Topic.objects.filter(tagged_articles__content_object__in=published)
                    .distinct()
                    .order_by("name")
                ],
            ),
        ],
    }
    return TemplateResponse(request, "distribution/feed_overview.html", context)


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    links = links_for(request)
    entries = []
    for name, sitemap in sitemaps_for(links).items():
        count = sitemap.paginator.count
        if not count:
            continue  # sitemaps.org requires at least one <url> per sitemap
        location = links.absolute(reverse("distribution:sitemap", kwargs={"section": name}))
        lastmod = iso_datetime(sitemap.newest_lastmod())
        entries.append({"location": location, "lastmod": lastmod})
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append({"location": f"{location}?p={page}", "lastmod": lastmod})
    entries.append({"location": links.absolute(reverse("distribution:news_sitemap")), "lastmod": ""})
    return TemplateResponse(request, "distribution/sitemap_index.xml", {"sitemaps": entries}, content_type=XML)


@require_safe
def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    sitemaps = sitemaps_for(links_for(request))
    if section not in sitemaps:
        raise Http404(f"No sitemap section {section!r}; the sections are {', '.join(sitemaps)}.")
    return sitemap_views.sitemap(
        request, sitemaps, section=section, template_name="distribution/sitemap.xml", content_type=XML
    )


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    links = links_for(request)
    articles = list(news_articles())
    entries = [
        {
            "location": links.page(article),
            "publication_date": iso_datetime(article.published_at),
            "title": article.title,
            "image": links.image(article.lead_image.file) if article.lead_image else "",
        }
        for article in articles
    ]
    response = TemplateResponse(
        request,
        "distribution/sitemap_news.xml",
        {"urls": entries, "publication_name": links.site_name, "language": "de"},
        content_type=XML,
    )
    if articles:
        response["Last-Modified"] = http_date(max(a.last_published_at or a.published_at for a in articles).timestamp())
    else:
        response["Last-Modified"] = http_date(timezone.now().timestamp())
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    links = links_for(request)
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines += [
        f"Sitemap: {links.absolute(reverse('distribution:sitemap_index'))}",
        f"Sitemap: {links.absolute(reverse('distribution:news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
