"""Every feed as a feed reader sees it: parsed by feedparser (RSS, Atom) or checked field by field (JSON Feed)."""

from __future__ import annotations

import calendar
import html
import json
import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from blattwerk.distribution import feeds
from blattwerk.news.models import ArticlePage, Author, SectionPage, Topic

from .factories import hours_ago, make_article

pytestmark = pytest.mark.django_db

SCOPES = [
    ("site", "", "/feeds/{format}/"),
    ("rubrik", "politik", "/feeds/rubrik/politik/{format}/"),
    ("thema", "bahnstreik", "/feeds/thema/bahnstreik/{format}/"),
    ("autor", "mara-kessler", "/feeds/autor/mara-kessler/{format}/"),
]


def expected_articles(kind: str, slug: str) -> list[ArticlePage]:
    articles = ArticlePage.objects.teasers()
    if kind == "rubrik":
        articles = articles.filter(section=SectionPage.objects.get(slug=slug))
    elif kind == "thema":
        articles = articles.filter(topic_items__tag=Topic.objects.get(slug=slug))
    elif kind == "autor":
        articles = articles.filter(author=Author.objects.get(slug=slug))
    return list(articles[: feeds.FEED_LENGTH])


def parse(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
    return response, parsed


def utc(struct_time) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(struct_time), tz=UTC)


@pytest.mark.parametrize("format", ["rss", "atom"])
@pytest.mark.parametrize(("kind", "slug", "path"), SCOPES)
def test_xml_feeds_parse_cleanly_with_the_right_entries(client, format, kind, slug, path):
    response, parsed = parse(client, path.format(format=format))
    expected = expected_articles(kind, slug)
    assert expected, "the demo content should fill every scope"
    assert parsed.version == ("rss20" if format == "rss" else "atom10")
    assert parsed.feed.language == "de"
    assert [entry.title for entry in parsed.entries] == [article.title for article in expected]
    assert [entry.link for entry in parsed.entries] == [article.full_url for article in expected]
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost{path.format(format=format)}"]

    for entry, article in zip(parsed.entries, expected, strict=True):
        assert entry.id == f"urn:uuid:{article.translation_key}"
        assert utc(entry.published_parsed) == article.published_at.replace(microsecond=0)
        assert utc(entry.updated_parsed) == article.last_published_at.replace(microsecond=0)
        assert html.unescape(entry.summary) == article.lead  # summaries are HTML
        assert entry.author == article.author.name
        assert sorted(tag.term for tag in entry.tags) == sorted(article.topics.names())
        enclosure = next(link for link in entry.links if link.rel == "enclosure")
        assert enclosure.type == "image/jpeg"
        assert int(enclosure.length) > 0
        assert enclosure.href.startswith("http://localhost/media/images/")
        assert enclosure.href.endswith(".fill-1200x675.jpg")
        assert entry.media_content[0]["width"] == "1200"
        assert entry.media_content[0]["url"] == enclosure.href
        if format == "atom":
            assert entry.author_detail.href == f"http://localhost/autoren/{article.author.slug}/"
        assert all("<p>" not in content.value for content in entry.get("content", []))  # no body without ?volltext=1


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_dates_carry_the_berlin_offset(client, format):
    response = client.get(f"/feeds/{format}/")
    newest = ArticlePage.objects.teasers().first()
    local = timezone.localtime(newest.published_at)
    offset = local.strftime("%z")  # +0100 in winter, +0200 in summer
    assert offset in {"+0100", "+0200"}
    body = response.content.decode()
    if format == "rss":
        assert f"<pubDate>{local.strftime('%a, %d %b %Y %H:%M:%S')} {offset}</pubDate>" in body
    else:
        assert f"<published>{local.isoformat(timespec='seconds')}</published>" in body


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_german_text_and_markup_characters_survive(client, format):
    title = "Müller & Söhne: „Größer“ <als> gedacht – Straße frei"
    lead = "Ärger über Öl & Übermut: 5 < 7 > 3, sagt die Bürgermeisterin."
    make_article(title, lead=lead, topics=("Verkehrsplanung & Straßenbau",))
    response, parsed = parse(client, f"/feeds/{format}/")
    entry = parsed.entries[0]
    assert entry.title == title
    assert html.unescape(entry.summary) == lead
    assert [tag.term for tag in entry.tags] == ["Verkehrsplanung & Straßenbau"]
    assert "zwölfstündiger" in response.content.decode("utf-8")


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_only_published_articles_appear(client, format):
    draft = make_article("Entwurf, der nie erscheinen darf", publish=False)
    scheduled = make_article("Geplanter Artikel für morgen", go_live_at=timezone.now() + timedelta(days=1))
    withdrawn = make_article("Zurückgezogener Artikel")
    withdrawn.unpublish()
    assert not draft.live and not scheduled.live
    for path in ("/feeds/{}/", "/feeds/rubrik/politik/{}/", "/feeds/autor/anna-berger/{}/"):
        body = client.get(path.format(format) + "?volltext=1").content.decode()
        for article in (draft, scheduled, withdrawn):
            assert article.title not in body
            assert str(article.translation_key) not in body


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_full_content_on_request(client, format):
    response, parsed = parse(client, f"/feeds/rubrik/sport/{format}/?volltext=1")
    entry = parsed.entries[0]
    article = expected_articles("rubrik", "sport")[0]
    first_paragraph = next(block for block in article.body if block.block_type == "paragraph")
    words = re.sub("<[^>]+>", "", first_paragraph.value.source).split()[:6]
    body = next(content.value for content in entry.content if content.type == "text/html")
    assert " ".join(words) in html.unescape(body)
    assert 'src="http://localhost/media/images/' in body  # links made absolute


def test_json_feed_follows_version_1_1(client):
    response = client.get("/feeds/rubrik/klatsch/json/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Blattwerk – Klatsch"
    assert document["home_page_url"] == "http://localhost/klatsch/"
    assert document["feed_url"] == "http://localhost/feeds/rubrik/klatsch/json/"
    assert document["language"] == "de"
    assert document["icon"].startswith("http://localhost/static/")
    assert all(set(author) <= {"name", "url", "avatar"} for author in document["authors"])
    expected = expected_articles("rubrik", "klatsch")
    assert [item["title"] for item in document["items"]] == [article.title for article in expected]
    allowed = {
        "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
        "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments",
    }  # fmt: skip
    ids = set()
    for item, article in zip(document["items"], expected, strict=True):
        assert set(item) <= allowed
        assert isinstance(item["id"], str) and item["id"] not in ids
        ids.add(item["id"])
        assert item["url"] == article.full_url
        assert item.get("content_html") or item.get("content_text")
        assert item["summary"] == article.lead
        published = datetime.fromisoformat(item["date_published"])
        assert published.utcoffset() is not None
        assert published == article.published_at.replace(microsecond=0)
        assert datetime.fromisoformat(item["date_modified"]) >= published
        assert item["authors"] == [
            {"name": article.author.name, "url": f"http://localhost/autoren/{article.author.slug}/"}
        ]
        assert sorted(item["tags"]) == sorted(article.topics.names())
        assert item["image"].endswith(".fill-1200x675.jpg")
        attachment = item["attachments"][0]
        assert attachment["mime_type"] == "image/jpeg" and attachment["size_in_bytes"] > 0


def test_json_feed_full_content_is_html(client):
    document = client.get("/feeds/json/?volltext=1").json()
    assert all("<p>" in item["content_html"] and "content_text" not in item for item in document["items"])


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_conditional_get(client, format):
    path = f"/feeds/rubrik/politik/{format}/"
    first = client.get(path)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    # A new article changes both validators.
    make_article("Eilmeldung: Neue Koalitionsrunde angesetzt")
    after_publish = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert after_publish.status_code == 200
    assert after_publish["ETag"] != etag

    # Withdrawing an article changes them too, although no remaining article changed.
    etag = after_publish["ETag"]
    last_modified = after_publish["Last-Modified"]
    ArticlePage.objects.teasers().filter(section__slug="politik").last().unpublish()
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code in {200, 304}


def test_full_content_has_its_own_etag(client):
    assert client.get("/feeds/rss/")["ETag"] != client.get("/feeds/rss/?volltext=1")["ETag"]


@pytest.mark.parametrize(
    "path",
    ["/feeds/rubrik/gibtsnicht/rss/", "/feeds/thema/gibtsnicht/atom/", "/feeds/autor/niemand/json/", "/feeds/xml/"],
)
def test_unknown_feeds_are_404(client, path):
    assert client.get(path).status_code == 404


def test_feed_queries_do_not_grow_with_the_number_of_entries(client, django_assert_max_num_queries):
    client.get("/feeds/rss/")  # first request may create the renditions
    with django_assert_max_num_queries(15):
        response = client.get("/feeds/rss/")
    assert feedparser.parse(response.content).entries


def test_feeds_set_no_cookies(client):
    response = client.get("/feeds/atom/")
    assert not response.cookies


def test_published_yesterday_is_newest_first(client):
    older = make_article("Älterer Testartikel", published_at=hours_ago(1))
    newer = make_article("Neuerer Testartikel")
    titles = [entry.title for entry in feedparser.parse(client.get("/feeds/rss/").content).entries]
    assert titles.index(newer.title) < titles.index(older.title)


def test_article_without_byline_falls_back_to_the_newsroom(client):
    article = make_article("Meldung ohne Autorenzeile", author_slug=None)
    _, parsed = parse(client, "/feeds/atom/")
    assert parsed.feed.author == "Blattwerk"  # Atom: the feed author stands in for entries without one
    entry = next(entry for entry in parsed.entries if entry.title == article.title)
    assert "author" not in entry
    item = next(item for item in client.get("/feeds/json/").json()["items"] if item["title"] == article.title)
    assert "authors" not in item


# RFC 3339 date-time as RFC 4287 §3.3 requires: full date, time, and an explicit offset.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


@pytest.mark.parametrize(("kind", "slug", "path"), SCOPES)
def test_atom_feeds_meet_the_rfc_4287_requirements(client, kind, slug, path):
    """No RELAX NG schema for Atom is at hand (see ../shared/fixtures/SOURCES.md), so the
    element cardinalities of RFC 4287 §4.1.1 and §4.1.2 are checked directly."""
    from lxml import etree

    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = etree.fromstring(client.get(path.format(format="atom")).content)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for element in ("id", "title", "updated"):
        assert len(feed.findall(f"a:{element}", atom)) == 1, element
    assert RFC3339.match(feed.findtext("a:updated", namespaces=atom))
    assert feed.xpath("a:link[@rel='self']/@href", namespaces=atom)
    feed_has_author = bool(feed.findall("a:author/a:name", atom))
    entries = feed.findall("a:entry", atom)
    assert entries
    for entry in entries:
        for element in ("id", "title", "updated", "published"):
            assert len(entry.findall(f"a:{element}", atom)) == 1, element
        assert RFC3339.match(entry.findtext("a:updated", namespaces=atom))
        assert RFC3339.match(entry.findtext("a:published", namespaces=atom))
        assert feed_has_author or entry.findall("a:author/a:name", atom)
        assert len(entry.xpath("a:link[@rel='alternate']", namespaces=atom)) == 1
        assert entry.find("a:summary", atom).get("type") == "html"


def test_feed_overview_lists_a_feed_for_every_section_author_and_topic(client):
    from lxml import html as lxml_html

    response = client.get("/feeds/")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    hrefs = tree.xpath("//main//a/@href")
    for section in SectionPage.objects.live().in_menu():
        assert f"/feeds/rubrik/{section.slug}/rss/" in hrefs
    for author in Author.objects.filter(articles__live=True).distinct():
        assert f"/feeds/autor/{author.slug}/atom/" in hrefs
    assert "/feeds/thema/bahnstreik/json/" in hrefs
    assert {"/feeds/rss/", "/feeds/atom/", "/feeds/json/"} <= set(hrefs)
    for href in hrefs[:12]:
        assert client.get(href).status_code == 200
    # every reader page links to it from the footer
    assert "/feeds/" in lxml_html.fromstring(client.get("/politik/").content).xpath("//footer//a/@href")
