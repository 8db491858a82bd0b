"""Related articles on the demo content: articles on one story find each other, not random ones."""

import pytest

from blattwerk.news import related
from blattwerk.news.models import ArticlePage, ArticleTerm, RelatedArticle

from .factories import ArticlePageFactory, paragraphs, per_article_related_rebuild

pytestmark = pytest.mark.django_db

# Stories the demo tells in several articles; each article's related list must lead with the rest of its story.
CLUSTERS = {
    "Bundeshaushalt": [
        "haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung",
        "mehrwertsteuererhoehung-im-gespraech",
        "schuldenbremse-laender-draengen-auf-reform",
    ],
    "Kranichsfeld": [
        "derby-debakel-kranichsfeld-geht-gegen-auental-unter",
        "nach-derby-pleite-kranichsfeld-trennt-sich-von-trainer-strobel",
        "kranichsfeld-holt-stuermer-elias-lindqvist-fuer-den-abstiegskampf",
        "abstiegskampf-kranichsfeld-verschafft-sich-luft-die-lage-bleibt-eng",
        "liveticker-waldenstein-kranichsfeld",  # the demo live blog of the next match
    ],
    "Leonie Falkenberg": [
        "leonie-falkenberg-verlobung-ueber-den-daechern-hamburgs",
        "leonie-falkenberg-plant-ihre-traumhochzeit",
        "leonie-falkenberg-und-matthis-ebeling-sind-verheiratet",
    ],
    "Ukraine": [
        "eu-beschliesst-neues-sanktionspaket-gegen-russland",
        "eu-aussenminister-beraten-ueber-winterhilfe-fuer-die-ukraine",
        "winter-an-der-front-ukrainische-soldaten",
    ],
    "Bahnstreik": [
        "bahnstreik-lokfuehrer-legen-bahnverkehr-lahm",
        "bahnstreik-pendler-weichen-auf-auto-fernbus-und-homeoffice-aus",
        "tarifeinigung-bei-der-bahn-streiks-vorerst-vorbei",
    ],
    "Inselglück": [
        "inselglueck-ist-zurueck-zwoelf-singles-eine-villa",
        "eklat-bei-inselglueck-verbotenes-handy-in-der-villa",
        "finale-bei-inselglueck-jessy-und-kevin-gewinnen",
    ],
}
PAIRS = [
    (
        "handball-wm-deutschland-zieht-als-gruppensieger-ins-viertelfinale-ein",
        "handball-wm-brinkhaus-wirft-deutschland-ins-halbfinale",
    ),
    (
        "australian-open-qualifikantin-jana-wittekind-stuermt-ins-viertelfinale",
        "wittekind-scheitert-im-viertelfinale-und-gewinnt-trotzdem",
    ),
    ("wahlrechtsreform-verwaiste-wahlkreise", "anhoerung-zur-wahlrechtsreform"),
    (
        "unwetter-ueber-sachsen-sturm-und-starkregen-loesen-hochwasser-aus",
        "nach-dem-hochwasser-in-sachsen-aufraeumen-und-schaeden-zaehlen",
    ),
    ("ronja-liebetreu-kuendigt-comeback-tour-an", "ronja-liebetreu-salz-und-sterne-album"),
    (
        "zollstreit-eu-beschliesst-gegenzoelle-auf-us-waren",
        "gegenzoelle-was-der-handelskonflikt-fuer-verbraucher-bedeutet",
    ),
    (
        "kuenstliche-intelligenz-im-klassenzimmer-schulen-suchen-regeln",
        "kuenstliche-intelligenz-in-behoerden-ki-assistenten-gegen-wartezeiten",
    ),
]
HAUSHALT = "haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung"


def related_slugs(slug: str) -> list[str]:
    return [article.slug for article in ArticlePage.objects.get(slug=slug).related_articles]


@pytest.mark.parametrize("story", CLUSTERS)
def test_articles_of_one_story_lead_each_others_related_lists(story):
    members = CLUSTERS[story]
    for slug in members:
        others = {other for other in members if other != slug}
        top = related_slugs(slug)[: len(others)]
        assert set(top) == others, f"{story}: {slug} → {top}"


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_two_part_stories_point_at_each_other_first(first, second):
    assert related_slugs(first)[0] == second
    assert related_slugs(second)[0] == first


def test_related_articles_shown_on_the_page_match_the_stored_ranking(client):
    shown = client.get(f"/politik/{HAUSHALT}/").content.decode()
    for slug in CLUSTERS["Bundeshaushalt"][1:]:
        assert f'href="/politik/{slug}/"' in shown


def test_a_new_strong_match_enters_older_lists_and_leaves_them_when_unpublished():
    before = related_slugs(HAUSHALT)
    assert "bundestag-beschliesst-haushalt-2027" not in before
    newcomer = ArticlePageFactory(
        title="Haushalt 2027: Koalition einigt sich nach Nachtsitzung auf Bundeshaushalt",
        slug="bundestag-beschliesst-haushalt-2027",
        lead="Nach einer weiteren Nachtsitzung im Kanzleramt steht der Bundeshaushalt 2027. Die Koalition schließt "
        "die Milliardenlücke ohne Mehrwertsteuererhöhung und hält die Schuldenbremse ein.",
        topics=["Bundeshaushalt", "Schuldenbremse", "Koalition"],
        body=paragraphs(
            "Die Koalition hat sich auf den Bundeshaushalt 2027 geeinigt. Die Lücke von 17 Milliarden Euro im "
            "Haushalt wird durch Einsparungen und Umschichtungen geschlossen, die Schuldenbremse bleibt unangetastet.",
            "Finanzministerium und Koalitionsfraktionen sprachen nach der Nachtsitzung von einem tragfähigen "
            "Kompromiss. Die Länder hatten zuvor eine Reform der Schuldenbremse verlangt.",
        ),
    )
    # The older article's stored list was refreshed: the newcomer is now among its four related articles.
    assert newcomer.slug in related_slugs(HAUSHALT)
    assert RelatedArticle.objects.filter(article__slug=HAUSHALT, related=newcomer).exists()
    # ... and the newcomer's own list leads with the Haushalt story.
    assert set(related_slugs(newcomer.slug)[:3]) == set(CLUSTERS["Bundeshaushalt"])

    newcomer.unpublish()
    assert newcomer.slug not in related_slugs(HAUSHALT)
    assert not RelatedArticle.objects.filter(related=newcomer).exists()
    assert len(related_slugs(HAUSHALT)) == 4


def test_drafts_never_enter_related_lists():
    draft = ArticlePageFactory(
        title="Haushalt 2027: Entwurf zur Schuldenbremse",
        slug="entwurf-haushalt-schuldenbremse",
        topics=["Bundeshaushalt", "Schuldenbremse"],
        body=paragraphs("Bundeshaushalt, Schuldenbremse, Koalition, Nachtsitzung, Haushalt 2027."),
        publish=False,
    )
    assert not RelatedArticle.objects.filter(related=draft).exists()
    assert draft.slug not in related_slugs(HAUSHALT)


def test_unrelated_stories_do_not_lead_the_lists():
    """An article about one story never has an article from another cluster at the top."""
    cluster_of = {slug: story for story, slugs in CLUSTERS.items() for slug in slugs}
    for slug, story in cluster_of.items():
        top = related_slugs(slug)[0]
        assert cluster_of.get(top) == story, f"{slug} → {top}"


def test_lists_are_refilled_when_articles_go_offline():
    """Unpublishing the whole Haushalt story and more still leaves every list full and current."""
    haushalt = ArticlePage.objects.get(slug=HAUSHALT)
    gone = [ArticlePage.objects.get(slug=slug) for slug in CLUSTERS["Bundeshaushalt"][1:]]
    gone += haushalt.related_articles[2:]
    for article in gone:
        article.unpublish()
    stored = RelatedArticle.objects.filter(article=haushalt)
    assert stored.count() == 8
    assert not stored.filter(related__in=gone).exists()
    for article in ArticlePage.objects.published():
        related = ArticlePage.objects.get(pk=article.pk).related_articles
        assert len(related) == 4, article.slug
        assert not {r.pk for r in related} & {g.pk for g in gone}


def _stored_state() -> tuple[dict, dict]:
    terms = {
        (article_id, term): round(weight, 9)
        for article_id, term, weight in ArticleTerm.objects.values_list("article_id", "term", "weight")
    }
    lists: dict[int, list[tuple[int, float]]] = {}
    for link in RelatedArticle.objects.order_by("article_id", "-score", "related_id"):
        lists.setdefault(link.article_id, []).append((link.related_id, round(link.score, 9)))
    return terms, lists


def test_bulk_rebuild_gives_what_the_per_article_functions_give():
    articles = list(ArticlePage.objects.published().order_by("published_at", "pk"))
    ArticleTerm.objects.all().delete()
    per_article_related_rebuild(articles)
    expected = _stored_state()
    ArticleTerm.objects.all().delete()
    RelatedArticle.objects.all().delete()
    assert related.rebuild_all(articles) == len(articles)
    terms, lists = _stored_state()
    assert terms == expected[0]
    assert lists == expected[1]
    assert len(lists) == len(articles)


def test_publishing_in_a_deferred_batch_catches_up_when_the_batch_ends():
    from blattwerk.news.batch import deferred_article_updates
    from blattwerk.search.backends import get_backend

    with deferred_article_updates() as batch:
        newcomer = ArticlePageFactory(
            title="Haushalt 2027: Bundestag beschließt den Bundeshaushalt",
            slug="bundestag-beschliesst-haushalt-2027",
            topics=["Bundeshaushalt", "Schuldenbremse", "Koalition"],
            body=paragraphs("Der Bundestag hat den Bundeshaushalt 2027 beschlossen; die Schuldenbremse hält."),
        )
        # Noted, not done: no terms, no list, not in the search index yet.
        assert batch.article_ids == {newcomer.pk}
        assert not ArticleTerm.objects.filter(article=newcomer).exists()
        assert newcomer.pk not in {hit.article.pk for hit in get_backend().search("Bundestag beschließt").hits}
    assert ArticleTerm.objects.filter(article=newcomer).exists()
    assert set(related_slugs(newcomer.slug)[:3]) == set(CLUSTERS["Bundeshaushalt"])
    assert newcomer.pk in {hit.article.pk for hit in get_backend().search("Bundestag beschließt").hits}


def test_a_failed_batch_catches_up_nothing():
    from django.db import transaction

    from blattwerk.news.batch import deferred_article_updates

    terms_before = ArticleTerm.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), deferred_article_updates():
        ArticlePageFactory(title="Haushalt: ein Entwurf, der scheitert", slug="gescheitert")
        raise RuntimeError("import broke off")
    assert ArticleTerm.objects.count() == terms_before
    assert not ArticlePage.objects.filter(slug="gescheitert").exists()
