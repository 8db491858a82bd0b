"""What a reader sees on the demo site: navigation, home, sections, articles, topics, authors."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
import time_machine
from lxml import html

from blattwerk.demo.content import load_articles
from blattwerk.live.models import LiveBlogPage
from blattwerk.news.models import ArticlePage, HomePage, SectionPage
from blattwerk.news.models import pages as page_models

from .factories import ArticlePageFactory, paragraphs

pytestmark = pytest.mark.django_db

LEAD_STORY_SLUG = "haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung"
LEAD_STORY_URL = f"/politik/{LEAD_STORY_SLUG}/"
GERMAN_DATETIME = re.compile(
    r"^\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) "
    r"\d{4}, \d{2}:\d{2} Uhr$"
)


def get_doc(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, f"{path}: {response.status_code}"
    return html.fromstring(response.content)


def text(element) -> str:
    return " ".join(element.text_content().split())


def demo_article(slug: str):
    return next(article for article in load_articles() if article.slug == slug)


def assert_cut_at_word_boundary(shown: str, full: str, limit: int) -> None:
    """A teaser excerpt is the whole lead, or a prefix of it ending between two words, plus "…"."""
    full = " ".join(full.split())
    assert len(shown) <= limit
    if shown == full:
        return
    assert shown.endswith("…"), shown
    kept = shown[:-1]
    assert full.startswith(kept), (kept, full)
    rest = full[len(kept) :]
    # The next character of the lead starts a new word (or is punctuation that was trimmed before one).
    assert re.match(r"^[\s,;:.–—-]*\s", rest) or rest[:1].isspace(), f"cut mid-word: {kept!r} | {rest[:20]!r}"


# -- header ------------------------------------------------------------------------------------


def test_header_navigation_is_home_then_the_four_sections_in_order(client):
    doc = get_doc(client, "/")
    links = doc.cssselect("nav.main-nav a")
    assert [text(link) for link in links] == ["Home", "Politik", "Nachrichten", "Sport", "Klatsch"]
    assert [link.get("href") for link in links] == ["/", "/politik/", "/nachrichten/", "/sport/", "/klatsch/"]
    assert doc.cssselect("nav.main-nav a[aria-current=page]")[0].get("href") == "/"
    assert text(doc.cssselect(".brand__name")[0]) == "Blattwerk"
    search = doc.cssselect("header form[role=search]")[0]
    assert search.get("action") == "/suche/"
    assert search.cssselect("input[name=q]")


def test_navigation_follows_what_editors_rename_and_reorder(client):
    sport = SectionPage.objects.get(slug="sport")
    politik = SectionPage.objects.get(slug="politik")
    sport.move(politik, pos="left")
    sport.refresh_from_db()
    sport.title = "Sport & Spiel"
    sport.save_revision().publish()
    labels = [text(link) for link in get_doc(client, "/").cssselect("nav.main-nav a")]
    assert labels == ["Home", "Sport & Spiel", "Politik", "Nachrichten", "Klatsch"]


def test_section_and_its_articles_mark_their_navigation_entry(client):
    doc = get_doc(client, LEAD_STORY_URL)
    assert [a.get("href") for a in doc.cssselect("nav.main-nav a[aria-current=page]")] == ["/politik/"]


# -- home --------------------------------------------------------------------------------------


def test_home_shows_the_editors_lead_story_then_latest_then_section_blocks(client):
    doc = get_doc(client, "/")
    lead = doc.cssselect(".home-top__lead article.teaser--large")[0]
    assert lead.cssselect("h2 a")[0].get("href") == LEAD_STORY_URL
    assert lead.cssselect("img")

    newest_first = [article.url for article in ArticlePage.objects.teasers() if article.slug != LEAD_STORY_SLUG][:9]
    secondary = [a.get("href") for a in doc.cssselect(".home-top__lead .teaser-grid--two .teaser__title a")]
    latest = [a.get("href") for a in doc.cssselect(".home-top__latest .teaser__title a")]
    assert secondary == newest_first[:2]
    assert latest == newest_first[2:]
    assert LEAD_STORY_URL not in secondary + latest

    blocks = doc.cssselect("section.section-block")
    assert [text(block.cssselect("h2")[0]) for block in blocks] == ["Politik", "Nachrichten", "Sport", "Klatsch"]
    for block in blocks:
        section_url = block.cssselect("h2 a")[0].get("href")
        teaser_links = [a.get("href") for a in block.cssselect(".teaser__title a")]
        assert len(teaser_links) == 4
        assert all(link.startswith(section_url) for link in teaser_links)
        assert LEAD_STORY_URL not in teaser_links  # shown once, as the lead story
    politik = [a.url for a in ArticlePage.objects.teasers().filter(section__slug="politik")]
    assert [a.get("href") for a in blocks[0].cssselect(".teaser__title a")] == politik[1:5]


def test_home_falls_back_to_the_newest_article_without_a_live_lead_story(client):
    home = HomePage.objects.get()
    lead_story = ArticlePage.objects.get(slug=LEAD_STORY_SLUG)
    lead_story.unpublish()
    doc = get_doc(client, "/")
    newest = ArticlePage.objects.teasers().first()
    assert doc.cssselect(".home-top__lead h2 a")[0].get("href") == newest.url
    home.refresh_from_db()
    assert home.lead_story_id == lead_story.pk  # the choice stays; it just is not shown while offline


# -- section pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("section", ["politik", "nachrichten", "sport", "klatsch"])
def test_section_lists_its_articles_newest_first_with_cut_excerpts(client, section):
    doc = get_doc(client, f"/{section}/")
    demo = sorted((a for a in load_articles() if a.section == section), key=lambda a: a.hours_ago)
    live_blogs = {page.url for page in LiveBlogPage.objects.all()}  # not part of the article files
    teasers = [
        teaser
        for teaser in doc.cssselect(".teaser-list article.teaser")
        if teaser.cssselect(".teaser__title a")[0].get("href") not in live_blogs
    ]
    assert [text(t.cssselect(".teaser__title")[0]) for t in teasers] == [a.title for a in demo]
    for teaser, article in zip(teasers, demo, strict=True):
        assert teaser.cssselect(".teaser__title a")[0].get("href") == f"/{section}/{article.slug}/"
        assert_cut_at_word_boundary(text(teaser.cssselect(".teaser__excerpt")[0]), article.lead, 200)
        assert teaser.cssselect("img[src^='/media/']")
        assert GERMAN_DATETIME.match(text(teaser.cssselect("time")[0]))
    # Demo leads are longer than 200 characters, so at least some excerpts must be cut.
    assert any(text(t.cssselect(".teaser__excerpt")[0]).endswith("…") for t in teasers)


def test_section_pages_have_real_page_links_and_404_beyond_the_last_page(client, monkeypatch):
    monkeypatch.setattr(page_models, "TEASERS_PER_PAGE", 4)
    all_titles = [a.title for a in ArticlePage.objects.teasers().filter(section__slug="politik")]
    assert len(all_titles) == 10

    first = get_doc(client, "/politik/")
    assert [text(t) for t in first.cssselect(".teaser__title")] == all_titles[:4]
    page_links = {text(a): a.get("href") for a in first.cssselect("nav.pagination a")}
    assert page_links["2"] == "?seite=2"
    assert page_links["3"] == "?seite=3"
    assert first.cssselect("nav.pagination a[rel=next]")[0].get("href") == "?seite=2"

    second = get_doc(client, "/politik/?seite=2")
    assert [text(t) for t in second.cssselect(".teaser__title")] == all_titles[4:8]
    assert second.cssselect("nav.pagination a[rel=prev]")[0].get("href") == "?seite=1"
    third = get_doc(client, "/politik/?seite=3")
    assert [text(t) for t in third.cssselect(".teaser__title")] == all_titles[8:]
    assert not third.cssselect("nav.pagination a[rel=next]")

    for bad in ("4", "0", "-1", "zwei", "99999999999999999999"):
        assert client.get(f"/politik/?seite={bad}").status_code == 404, bad


def test_drafts_and_unpublished_articles_are_not_listed(client):
    draft = ArticlePageFactory(title="Geheimer Entwurf zur Rentenreform", publish=False)
    gone = ArticlePage.objects.get(slug=LEAD_STORY_SLUG)
    gone.unpublish()
    for path in ("/", "/politik/", "/themen/bundeshaushalt/", "/autoren/anna-berger/"):
        body = client.get(path).content.decode()
        assert draft.title not in body, path
        assert gone.title not in body, path
    assert client.get(f"/politik/{draft.slug}/").status_code == 404
    assert client.get(LEAD_STORY_URL).status_code == 404


# -- article page ------------------------------------------------------------------------------


def test_article_page_shows_everything_a_reader_needs(client):
    demo = demo_article(LEAD_STORY_SLUG)
    doc = get_doc(client, LEAD_STORY_URL)
    article = doc.cssselect("article.article")[0]

    kicker = article.cssselect(".article__header .kicker a")[0]
    assert (kicker.get("href"), text(kicker)) == ("/politik/", "Politik")
    # Exactly as typed: German nouns keep their capitals, nothing is re-cased.
    assert (
        text(article.cssselect("h1")[0])
        == demo.title
        == ("Haushalt 2027: Koalition vertagt Einigung nach zwölfstündiger Nachtsitzung")
    )
    assert text(article.cssselect(".article__lead")[0]) == demo.lead

    headings = [value for kind, value in demo.body if kind == "heading"]
    assert 2 <= len(headings) <= 4
    assert [text(h) for h in article.cssselect(".article__body h2")] == headings
    paragraphs_shown = article.cssselect(".article__body .article__paragraph p")
    assert len(paragraphs_shown) == sum(1 for kind, _ in demo.body if kind == "paragraph")

    quotes = [value for kind, value in demo.body if kind == "quote"]
    assert quotes, "the lead story has a pull quote"
    shown_quotes = article.cssselect("figure.pull-quote")
    assert [text(q.cssselect("blockquote")[0]) for q in shown_quotes] == [q["text"] for q in quotes]
    assert [text(q.cssselect("figcaption")[0]) for q in shown_quotes] == [q["attribution"] for q in quotes]

    figure = article.cssselect("figure.article__image")[0]
    image = figure.cssselect("img")[0]
    assert image.get("alt") == demo.image_alt
    assert image.get("src").startswith("/media/images/")
    assert image.get("srcset")
    caption = text(figure.cssselect("figcaption")[0])
    assert demo.image_caption in caption
    assert text(figure.cssselect("figcaption .credit")[0]) == "Illustration: Blattwerk (generiert)"

    sources = article.cssselect("aside.sources")[0]
    assert text(sources.cssselect("h2")[0]) == "Quellen"
    assert [text(li) for li in sources.cssselect("li")] == demo.sources

    byline = article.cssselect("a[rel=author]")[0]
    assert (byline.get("href"), text(byline)) == ("/autoren/anna-berger/", "Anna Berger")
    author_page = get_doc(client, byline.get("href"))
    assert LEAD_STORY_URL in [a.get("href") for a in author_page.cssselect(".teaser__title a")]

    topic_links = {text(a): a.get("href") for a in article.cssselect("nav.topics a")}
    assert topic_links == {
        "Bundeshaushalt": "/themen/bundeshaushalt/",
        "Schuldenbremse": "/themen/schuldenbremse/",
        "Koalition": "/themen/koalition/",
    }
    assert GERMAN_DATETIME.match(text(article.cssselect(".article__meta time")[0]))
    assert not article.cssselect(".updated")


def test_article_dates_in_german_in_berlin_time_and_updated_only_when_republished_later(client):
    with time_machine.travel(datetime(2026, 11, 27, 13, 5, tzinfo=UTC), tick=False):
        article = ArticlePageFactory(title="Stadtrat beschließt neuen Radweg", slug="stadtrat-radweg")
    url = "/politik/stadtrat-radweg/"

    meta = get_doc(client, url).cssselect(".article__meta")[0]
    published = meta.cssselect("time")[0]
    assert text(published) == "27. November 2026, 14:05 Uhr"
    assert published.get("datetime") == "2026-11-27T14:05:00+01:00"
    assert not meta.cssselect(".updated")

    # A correction within the first minute is not an update.
    with time_machine.travel(datetime(2026, 11, 27, 13, 5, 40, tzinfo=UTC), tick=False):
        article.save_revision().publish()
    assert not get_doc(client, url).cssselect(".article__meta .updated")

    # Summer time: Berlin is UTC+2.
    with time_machine.travel(datetime(2027, 7, 3, 7, 30, tzinfo=UTC), tick=False):
        article.refresh_from_db()
        article.save_revision().publish()
    meta = get_doc(client, url).cssselect(".article__meta")[0]
    assert text(meta.cssselect("time")[0]) == "27. November 2026, 14:05 Uhr"
    updated = meta.cssselect(".updated")[0]
    assert text(updated) == "Aktualisiert: 3. Juli 2027, 09:30 Uhr"
    assert updated.cssselect("time")[0].get("datetime") == "2027-07-03T09:30:00+02:00"


SHARE_TARGETS = {
    "share__link--email": "mailto:?",
    "share__link--whatsapp": "https://wa.me/?text=",
    "share__link--telegram": "https://t.me/share/url?url=",
    "share__link--x": "https://x.com/intent/post?url=",
    "share__link--facebook": "https://www.facebook.com/sharer/sharer.php?u=",
    "share__link--linkedin": "https://www.linkedin.com/sharing/share-offsite/?url=",
}


def test_share_links_at_the_top_and_the_bottom_as_plain_links(client):
    doc = get_doc(client, LEAD_STORY_URL)
    article_url = "http://localhost" + LEAD_STORY_URL
    top = doc.cssselect("article.article .article__header .share")
    bottom = doc.cssselect("article.article .article__footer .share")
    assert len(top) == 1 and len(bottom) == 1
    for share in (top[0], bottom[0]):
        for css_class, prefix in SHARE_TARGETS.items():
            link = share.cssselect(f"a.{css_class}")[0]
            href = link.get("href")
            assert href.startswith(prefix), href
            assert article_url in unquote(href), href
            if not href.startswith("mailto:"):
                assert "noopener" in link.get("rel")
        assert "zwölfstündiger" in unquote(share.cssselect("a.share__link--whatsapp")[0].get("href"))
        # Copy and native share need JavaScript, so they start hidden; the script reveals them.
        copy = share.cssselect("button[data-share-copy]")[0]
        native = share.cssselect("button[data-share-native]")[0]
        assert text(copy) == "Link kopieren"
        assert copy.get("hidden") is not None and native.get("hidden") is not None


def test_exactly_four_related_articles_never_itself_never_unpublished(client):
    doc = get_doc(client, LEAD_STORY_URL)
    related = [a.get("href") for a in doc.cssselect("section.related .teaser__title a")]
    assert len(related) == 4
    assert LEAD_STORY_URL not in related
    for teaser in doc.cssselect("section.related article.teaser"):
        assert_cut_at_word_boundary(
            text(teaser.cssselect(".teaser__excerpt")[0]),
            ArticlePage.objects.get(url_path__endswith=teaser.cssselect("a")[0].get("href")).lead,
            120,
        )

    # Take the first related article offline: the list still has four, none of them the offline one.
    offline = ArticlePage.objects.get(url_path__endswith=related[0])
    offline.unpublish()
    again = [a.get("href") for a in get_doc(client, LEAD_STORY_URL).cssselect("section.related .teaser__title a")]
    assert len(again) == 4
    assert related[0] not in again
    assert LEAD_STORY_URL not in again


def test_every_demo_article_shows_four_related_published_articles(client):
    published = set(ArticlePage.objects.published().values_list("pk", flat=True))
    for article in ArticlePage.objects.published():
        related = article.related_articles
        assert len(related) == 4, article.title
        assert article.pk not in {r.pk for r in related}
        assert {r.pk for r in related} <= published


def test_headlines_are_never_re_cased_by_css():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/blattwerk.css")).read_text(encoding="utf-8")
    for rule in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        selector, body = rule
        if re.search(r"text-transform\s*:\s*(capitalize|lowercase|uppercase)", body):
            assert "title" not in selector and "h1" not in selector, selector


# -- topics and authors ------------------------------------------------------------------------


def test_topic_page_lists_the_articles_of_the_topic(client):
    doc = get_doc(client, "/themen/bundeshaushalt/")
    assert text(doc.cssselect("h1")[0]) == "Bundeshaushalt"
    shown = [a.get("href") for a in doc.cssselect(".teaser__title a")]
    assert shown == [
        "/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/",
        "/politik/mehrwertsteuererhoehung-im-gespraech/",
        "/politik/schuldenbremse-laender-draengen-auf-reform/",
    ]
    assert client.get("/themen/gibt-es-nicht/").status_code == 404


def test_topic_index_links_every_topic(client):
    doc = get_doc(client, "/themen/")
    links = {text(a): a.get("href") for a in doc.cssselect(".topic-cloud a")}
    assert links["1. FC Kranichsfeld"] == "/themen/1-fc-kranichsfeld/"
    assert links["Außenpolitik"] == "/themen/aussenpolitik/"
    assert get_doc(client, links["Künstliche Intelligenz"]).cssselect("h1")[0].text == "Künstliche Intelligenz"


def test_author_page_lists_the_authors_articles_newest_first(client):
    doc = get_doc(client, "/autoren/mara-kessler/")
    assert text(doc.cssselect("h1")[0]) == "Mara Keßler"
    assert text(doc.cssselect(".author-header__role")[0]) == "Sportredakteurin"
    shown = [a.get("href") for a in doc.cssselect(".teaser__title a")]
    expected = [a.url for a in ArticlePage.objects.teasers().filter(author__slug="mara-kessler")]
    live_blogs = LiveBlogPage.objects.filter(author__slug="mara-kessler").count()  # the demo Liveticker
    assert shown == expected and len(shown) == 10 + live_blogs
    assert all(href.startswith("/sport/") for href in shown)
    assert client.get("/autoren/niemand/").status_code == 404


def test_author_index_links_every_author(client):
    doc = get_doc(client, "/autoren/")
    links = {text(a): a.get("href") for a in doc.cssselect(".author-list h2 a")}
    assert links == {
        "Anna Berger": "/autoren/anna-berger/",
        "Jonas Wendt": "/autoren/jonas-wendt/",
        "Leon Hartmann": "/autoren/leon-hartmann/",
        "Mara Keßler": "/autoren/mara-kessler/",
    }


def test_new_article_appears_on_home_section_topic_and_author_pages(client):
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(minutes=5)):
        article = ArticlePageFactory(
            title="Eilmeldung: Bundestag verabschiedet Haushalt",
            slug="eilmeldung-bundestag-haushalt",
            author=ArticlePage.objects.get(slug=LEAD_STORY_SLUG).author,
            topics=["Bundeshaushalt"],
            body=paragraphs("Der Bundestag hat den Haushalt verabschiedet."),
        )
    for path in ("/", "/politik/", "/themen/bundeshaushalt/", "/autoren/anna-berger/"):
        first = get_doc(client, path).cssselect("main .teaser__title a")
        assert article.url in [a.get("href") for a in first[:2]], path
