import pytest

from blattwerk.distribution.images import ARTICLE_PAGE_SPECS, FEED_SPEC


@pytest.fixture(scope="session", autouse=True)
def demo_renditions(django_db_setup, django_db_blocker):
    """Draw the feed, share and structured-data renditions of the demo pictures once per test run,
    instead of once in every (rolled-back) test."""
    from blattwerk.news.models import ArticlePage

    with django_db_blocker.unblock():
        for article in ArticlePage.objects.published().select_related("lead_image"):
            if article.lead_image is not None:
                article.lead_image.get_renditions(FEED_SPEC, *ARTICLE_PAGE_SPECS)
