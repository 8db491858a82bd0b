"""What readers and API clients see at /suche/, /suche/api/ and /suche/vorschlaege/."""

import pytest
from lxml import html

from blattwerk.news.models import Author, SectionPage

from .test_query import NASTY

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return response, html.fromstring(response.content)


def result_titles(tree) -> list[str]:
    return [title.text_content() for title in tree.cssselect(".search-result h2")]


def test_results_show_headline_snippet_section_date_and_marks(client):
    response, tree = page(client, q="Mehrwertsteuer")
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert tree.cssselect('meta[name="robots"]')[0].get("content").startswith("noindex")
    first = tree.cssselect(".search-result")[0]
    assert "Mehrwertsteuererhöhung" in first.cssselect("h2")[0].text_content()
    assert first.cssselect(".kicker")[0].text_content() == "Politik"
    assert first.cssselect("time")[0].get("datetime")
    marked = [mark.text_content() for mark in first.cssselect("mark")]
    assert "Mehrwertsteuererhöhung" in marked


def test_query_text_is_escaped_everywhere(client):
    response, tree = page(client, q='<script>alert("x")</script> Bahnstreik')
    content = response.content.decode()
    assert "<script>alert" not in content
    assert not tree.xpath("//script[not(@src)]"), "no inline scripts (strict CSP)"


def test_section_author_and_period_filters(client):
    _, tree = page(client, q="Deutschland", rubrik="sport")
    assert result_titles(tree)
    assert {kicker.text_content() for kicker in tree.cssselect(".search-result .kicker")} == {"Sport"}
    author = Author.objects.get(slug="mara-kessler")
    _, tree = page(client, q="Kranichsfeld", autor=author.slug, zeitraum="24h")
    assert result_titles(tree) == ["Abstiegskampf: Kranichsfeld verschafft sich Luft – die Lage bleibt eng"]
    # Demo articles are 14 h, 110 h, 334 h and 352 h old.
    _, tree = page(client, q="Kranichsfeld", zeitraum="woche")
    assert len(result_titles(tree)) == 2
    _, tree = page(client, q="Kranichsfeld", zeitraum="monat")
    assert len(result_titles(tree)) == 4
    _, tree = page(client, q="Kranichsfeld", zeitraum="aelter")
    assert len(result_titles(tree)) == 0


def test_sort_by_date_is_newest_first(client):
    _, tree = page(client, q="Kranichsfeld", sortierung="datum")
    dates = [time.get("datetime") for time in tree.cssselect(".search-result time")]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 4


def test_pagination_with_seite(client):
    response = client.get("/suche/api/", {"q": "Deutschland", "anzahl": 2})
    total = response.json()["total"]
    assert total > 4
    _, first = page(client, q="Deutschland")
    response = client.get("/suche/", {"q": "Deutschland", "seite": 2})
    assert response.status_code == 200
    data = client.get("/suche/api/", {"q": "Deutschland", "anzahl": 2, "seite": 2}).json()
    assert data["page"] == 2 and len(data["results"]) == 2
    first_page = client.get("/suche/api/", {"q": "Deutschland", "anzahl": 2}).json()
    assert {r["url"] for r in first_page["results"]}.isdisjoint({r["url"] for r in data["results"]})


def test_pagination_links_keep_the_filters(client):
    _, tree = page(client, q="und Deutschland", rubrik="sport", sortierung="datum")
    links = [a.get("href") for a in tree.cssselect(".pagination a")]
    # Sport has fewer than 20 Deutschland hits, so there may be no pagination; when there is, filters stay.
    assert all("rubrik=sport" in link and "sortierung=datum" in link for link in links)


def test_did_you_mean_and_corrected_results(client):
    _, tree = page(client, q="Lawrov")
    correction = tree.cssselect(".search-correction")[0].text_content()
    assert "Lawrow" in correction
    assert result_titles(tree)


def test_a_typo_among_several_words_is_corrected(client):
    _, tree = page(client, q="Schuldenbremes Länder")
    assert "„Schuldenbremse Länder“" in tree.cssselect(".search-correction")[0].text_content()
    assert "Schuldenbremse: Länder drängen auf Reform vor Abschluss der Haushaltsberatungen" in result_titles(tree)


@pytest.mark.parametrize("query", ["", "und die der", "-Sport", "xqzvbnm", "%%%", "*"])
def test_empty_and_nonsense_queries_get_a_helpful_page(client, query):
    _, tree = page(client, q=query)
    assert tree.cssselect("main p")
    assert not result_titles(tree)


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_never_fail(client, query):
    assert client.get("/suche/", {"q": query}).status_code == 200
    assert client.get("/suche/api/", {"q": query}).status_code == 200
    assert client.get("/suche/vorschlaege/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "params", [{"seite": "abc"}, {"seite": "-3"}, {"seite": "99999"}, {"zeitraum": "gestern"}, {"rubrik": "x'--"}]
)
def test_odd_parameters_are_ignored(client, params):
    assert client.get("/suche/", {"q": "Bahn", **params}).status_code == 200


def test_json_api(client):
    response = client.get("/suche/api/", {"q": "Gegenzoelle"})
    assert response.headers["X-Robots-Tag"] == "noindex"
    data = response.json()
    assert data["total"] == 2
    hit = data["results"][0]
    assert set(hit) == {"title", "url", "section", "published_at", "title_html", "snippet_html"}
    assert hit["url"].startswith("http")
    assert "<mark>" in hit["snippet_html"]
    assert client.get("/suche/api/").json()["error"]


def test_suggestion_endpoint(client):
    data = client.get("/suche/vorschlaege/", {"q": "Inselgl"}).json()
    kinds = {item["kind"] for item in data["suggestions"]}
    assert kinds == {"topic", "article"}
    assert all(item["url"].startswith("/") for item in data["suggestions"])
    assert client.get("/suche/vorschlaege/", {"q": "I"}).json()["suggestions"] == []


def test_header_field_is_enhanced_by_a_deferred_script(client):
    response = client.get("/")
    tree = html.fromstring(response.content)
    assert tree.cssselect("#header-search[data-suggest]")
    assert tree.xpath("//script[contains(@src, 'search.js') and @defer]")
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_sections_listed_as_filters(client):
    _, tree = page(client, q="Bahn")
    options = [o.get("value") for o in tree.cssselect('select[name="rubrik"] option')]
    assert set(SectionPage.objects.live().values_list("slug", flat=True)) <= set(options)


def test_totals_beyond_the_counting_limit_read_mehr_als(client, monkeypatch):
    from blattwerk.search.backends import base, postgres, sqlite

    for module in (base, postgres, sqlite):
        monkeypatch.setattr(module, "RANKED_CANDIDATES", 2)
    data = client.get("/suche/api/", {"q": "Deutschland"}).json()
    assert (data["total"], data["total_exact"]) == (2, False)
    _, tree = page(client, q="Deutschland")
    assert tree.cssselect(".search-summary")[0].text_content() == "Mehr als 2 Treffer"
    data = client.get("/suche/api/", {"q": "Tarifeinigung"}).json()
    assert data["total_exact"] is True
