"""Public machine-readable routes; all cacheable, none sets cookies. See docs/distribution.md."""

from django.urls import path, re_path

from . import views

app_name = "distribution"
FORMAT = r"(?P<format>rss|atom|json)"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    re_path(r"^sitemap-(?P<section>[a-z]+)\.xml$", views.sitemap, name="sitemap"),
    path("feeds/", views.feed_overview, name="feed_overview"),
    re_path(rf"^feeds/{FORMAT}/$", views.feed, name="feed"),
    re_path(rf"^feeds/(?P<kind>rubrik|thema|autor)/(?P<slug>[-\w]+)/{FORMAT}/$", views.feed, name="scoped_feed"),
]
