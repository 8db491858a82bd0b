"""What search engines and social networks read from a page: JSON-LD (through extruct), Open Graph,
X cards, canonical and hreflang links, and feed auto-discovery."""

from __future__ import annotations

import json
from datetime import datetime

import extruct
import pytest
from lxml import html as lxml_html

from blattwerk.images.models import BlattwerkRendition
from blattwerk.news.models import ArticlePage

from .factories import make_article

pytestmark = pytest.mark.django_db


def page_data(client, path: str) -> tuple[str, dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    data = extruct.extract(text, base_url=f"http://localhost{path}", syntaxes=["json-ld", "opengraph"], uniform=True)
    return text, data


def json_ld_of_type(data: dict, type_: str) -> dict:
    matches = [item for item in data["json-ld"] if item.get("@type") == type_]
    assert len(matches) == 1, f"expected one {type_}, found {[item.get('@type') for item in data['json-ld']]}"
    return matches[0]


def open_graph(text: str) -> list[tuple[str, str]]:
    tree = lxml_html.fromstring(text)
    return [(meta.get("property"), meta.get("content")) for meta in tree.xpath("//head/meta[@property]")]


def meta_names(text: str) -> dict[str, str]:
    tree = lxml_html.fromstring(text)
    return {meta.get("name"): meta.get("content") for meta in tree.xpath("//head/meta[@name]")}


def head_links(text: str, rel: str) -> list[dict]:
    tree = lxml_html.fromstring(text)
    return [dict(link.attrib) for link in tree.xpath(f"//head/link[@rel='{rel}']")]


def rendition_for(url: str) -> BlattwerkRendition:
    return BlattwerkRendition.objects.get(file=url.removeprefix("http://localhost/media/"))


def test_every_demo_article_has_complete_news_article_json_ld(client):
    # Live blogs describe themselves as LiveBlogPosting (tested in the live app).
    articles = list(
        ArticlePage.objects.published()
        .filter(liveblogpage__isnull=True)
        .select_related("section", "author", "lead_image")
    )
    assert len(articles) >= 40
    for article in articles:
        path = article.url
        _, data = page_data(client, path)
        news = json_ld_of_type(data, "NewsArticle")
        url = f"http://localhost{path}"
        assert news["@context"] == "https://schema.org"
        assert news["headline"] == article.title
        assert news["description"] == article.lead
        assert news["url"] == url
        assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert news["inLanguage"] == "de"
        assert news["articleSection"] == article.section.title
        assert sorted(news["keywords"]) == sorted(article.topics.names())
        published = datetime.fromisoformat(news["datePublished"])
        assert published.utcoffset() is not None
        assert published == article.published_at.replace(microsecond=0)
        assert datetime.fromisoformat(news["dateModified"]) >= published
        assert news["author"] == [
            {
                "@type": "Person",
                "name": article.author.name,
                "url": f"http://localhost/autoren/{article.author.slug}/",
                "jobTitle": article.author.role,
            }
        ]
        publisher = news["publisher"]
        assert publisher["@type"] == "NewsMediaOrganization"
        assert publisher["name"] == "Blattwerk"
        assert publisher["logo"]["@type"] == "ImageObject"
        assert publisher["logo"]["url"] == "http://localhost/static/distribution/publisher-logo.png"
        assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (600, 60)

        ratios = set()
        for image_url in news["image"]:
            assert image_url.startswith("http://localhost/media/images/")
            rendition = rendition_for(image_url)
            assert rendition.image_id == article.lead_image_id
            assert rendition.width >= 1200
            ratios.add(round(rendition.width / rendition.height, 2))
        assert ratios == {round(16 / 9, 2), round(4 / 3, 2), 1.0}


def test_article_breadcrumbs(client):
    article = ArticlePage.objects.teasers().filter(section__slug="sport", liveblogpage__isnull=True).first()
    _, data = page_data(client, article.url)
    crumbs = json_ld_of_type(data, "BreadcrumbList")["itemListElement"]
    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in crumbs] == [
        (1, "Blattwerk", "http://localhost/"),
        (2, "Sport", "http://localhost/sport/"),
        (3, article.title, article.full_url),
    ]
    assert all(crumb["@type"] == "ListItem" for crumb in crumbs)


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/politik/", ["Blattwerk", "Politik"]),
        ("/themen/bahnstreik/", ["Blattwerk", "Themen", "Bahnstreik"]),
        ("/autoren/mara-kessler/", ["Blattwerk", "Autorinnen und Autoren", "Mara Keßler"]),
        ("/impressum/", ["Blattwerk", "Impressum"]),
    ],
)
def test_breadcrumbs_on_inner_pages(client, path, names):
    _, data = page_data(client, path)
    crumbs = json_ld_of_type(data, "BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == names
    assert crumbs[-1]["item"] == f"http://localhost{path}"


def test_home_page_has_website_with_search_action(client):
    _, data = page_data(client, "/")
    website = json_ld_of_type(data, "WebSite")
    assert website["url"] == "http://localhost/"
    assert website["name"] == "Blattwerk"
    assert website["inLanguage"] == "de"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://localhost/suche/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert website["publisher"]["@type"] == "NewsMediaOrganization"
    assert not [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]


def test_json_ld_cannot_break_out_of_its_script_element(client):
    title = 'Gefährlich</script><script>alert("x")</script> & <!-- Kommentar'
    article = make_article(title, lead="Vorspann mit </SCRIPT> darin.")
    text, data = page_data(client, article.url)
    assert '</script><script>alert("x")' not in text
    assert "</SCRIPT> darin" not in text
    news = json_ld_of_type(data, "NewsArticle")
    assert news["headline"] == title
    assert news["description"] == "Vorspann mit </SCRIPT> darin."
    # The raw element text is plain JSON for any consumer that reads it without an HTML parser.
    tree = lxml_html.fromstring(text)
    scripts = tree.xpath("//script[@type='application/ld+json']/text()")
    assert any(json.loads(script).get("headline") == title for script in scripts)


def test_publisher_logo_comes_from_site_settings_when_set(client):
    from wagtail.models import Site

    from blattwerk.core.models import SiteSettings
    from blattwerk.images.models import BlattwerkImage

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = BlattwerkImage.objects.first()
    settings.save()
    article = ArticlePage.objects.teasers().filter(liveblogpage__isnull=True).first()
    _, data = page_data(client, article.url)
    logo = json_ld_of_type(data, "NewsArticle")["publisher"]["logo"]
    rendition = rendition_for(logo["url"])
    assert rendition.image_id == settings.logo_id
    assert rendition.width <= 600 and rendition.height <= 60
    assert (logo["width"], logo["height"]) == (rendition.width, rendition.height)


def test_article_open_graph_and_twitter_card(client):
    article = ArticlePage.objects.teasers().filter(section__slug="politik").first()
    text, data = page_data(client, article.url)
    tags = open_graph(text)
    og = dict(tags)
    assert og["og:type"] == "article"
    assert og["og:title"] == article.title
    assert og["og:description"].startswith(article.lead[:80])
    assert og["og:url"] == article.full_url
    assert og["og:site_name"] == "Blattwerk"
    assert og["og:locale"] == "de_DE"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:image:alt"] == article.lead_image_alt
    rendition = rendition_for(og["og:image"])
    assert (rendition.image_id, rendition.width, rendition.height) == (article.lead_image_id, 1200, 630)
    assert datetime.fromisoformat(og["article:published_time"]) == article.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(og["article:modified_time"]) >= article.published_at.replace(microsecond=0)
    assert og["article:section"] == "Politik"
    assert sorted(content for prop, content in tags if prop == "article:tag") == sorted(article.topics.names())
    # extruct reads the same Open Graph data
    assert data["opengraph"][0]["og:title"] == article.title

    names = meta_names(text)
    assert names["twitter:card"] == "summary_large_image"
    assert names["twitter:title"] == article.title
    assert names["twitter:image"] == og["og:image"]
    assert names["twitter:image:alt"] == article.lead_image_alt
    assert "max-image-preview:large" in names["robots"]
    assert names["description"]


@pytest.mark.parametrize("path", ["/", "/politik/", "/themen/bahnstreik/", "/autoren/anna-berger/", "/impressum/"])
def test_every_reader_page_has_previews_canonical_and_hreflang(client, path):
    text, _ = page_data(client, path)
    og = dict(open_graph(text))
    for prop in ("og:type", "og:title", "og:description", "og:url", "og:image", "og:site_name", "og:locale"):
        assert og.get(prop), f"{path}: {prop} missing"
    assert og["og:url"] == f"http://localhost{path}"
    assert og["og:image"].startswith("http://localhost/")
    assert meta_names(text)["twitter:card"] == "summary_large_image"
    assert [link["href"] for link in head_links(text, "canonical")] == [f"http://localhost{path}"]
    hreflang = {link["hreflang"]: link["href"] for link in head_links(text, "alternate") if "hreflang" in link}
    assert hreflang == {"de": f"http://localhost{path}", "x-default": f"http://localhost{path}"}


@pytest.mark.parametrize(
    ("path", "first_feed"),
    [
        ("/", "/feeds/rss/"),
        ("/politik/", "/feeds/rubrik/politik/rss/"),
        ("/themen/bahnstreik/", "/feeds/thema/bahnstreik/rss/"),
        ("/autoren/anna-berger/", "/feeds/autor/anna-berger/rss/"),
        ("/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/", "/feeds/rubrik/politik/rss/"),
    ],
)
def test_feed_auto_discovery(client, path, first_feed):
    text, _ = page_data(client, path)
    feeds = [link for link in head_links(text, "alternate") if "type" in link]
    assert feeds[0]["href"] == f"http://localhost{first_feed}"
    assert {link["type"] for link in feeds} == {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
    }
    assert "http://localhost/feeds/rss/" in [link["href"] for link in feeds]
    for link in feeds:
        assert link["title"]
        assert client.get(link["href"].removeprefix("http://localhost")).status_code == 200


def test_article_without_byline_names_the_newsroom_as_author(client):
    article = make_article("Meldung der Redaktion", author_slug=None)
    _, data = page_data(client, article.url)
    news = json_ld_of_type(data, "NewsArticle")
    assert news["author"] == [{"@type": "Organization", "name": "Blattwerk", "url": "http://localhost/"}]
    assert "image" not in news  # no lead image, no image property (rather than an empty one)
