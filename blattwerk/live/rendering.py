"""The HTML fragments live events carry, rendered with the same templates as the pages themselves."""

from django.template.loader import render_to_string

from blattwerk.news.models import ArticlePage

from .models import BreakingNews, LiveEntry


def entry_payload(entry: LiveEntry) -> dict:
    return {
        "entry": entry.pk,
        "pinned": entry.pinned,
        "time": entry.time.isoformat(),
        "html": render_to_string("live/entry.html", {"entry": entry}),
    }


def breaking_payload(item: BreakingNews) -> dict:
    return {
        "id": item.pk,
        "expires": item.expires_at.isoformat() if item.expires_at else None,
        "html": render_to_string("live/breaking_news_item.html", {"breaking": item}),
    }


def article_payload(article: ArticlePage) -> dict:
    """Teasers as the home page's "Neueste" list and the section page render them."""
    article = ArticlePage.objects.teasers().filter(pk=article.pk).first() or article
    return {
        "article": article.pk,
        "section": article.section_id,
        "home_html": render_to_string(
            "components/teaser.html",
            {"article": article, "no_image": True, "level": 3, "excerpt_length": 120, "show_section": True},
        ),
        "section_html": render_to_string(
            "components/teaser.html", {"article": article, "level": 2, "excerpt_length": 200}
        ),
    }
