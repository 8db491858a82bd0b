"""The index follows the newsroom: publish, edit, unpublish, schedule, delete, move, rebuild."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from blattwerk.news.models import ArticlePage, SectionPage
from blattwerk.search.backends import get_backend
from blattwerk.search.models import SearchDocument, SearchTerm

from .factories import make_article

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [hit.article.slug for hit in get_backend().search(query).hits]


def test_publishing_makes_an_article_findable_at_once():
    article = make_article("Quallenplage an der Ostsee", "Badegäste meiden die Strände wegen der Quallenplage.")
    assert found("Quallenplage") == [article.slug]
    assert found("Quallen Ostsee") == [article.slug]


def test_drafts_are_never_indexed():
    article = make_article("Geheimer Entwurf Zitronenfalter", "Noch nicht freigegeben: Zitronenfalter.", publish=False)
    assert article.slug not in found("Zitronenfalter")
    assert not SearchTerm.objects.filter(term="zitronenfalter").exists()


def test_scheduled_articles_appear_only_when_they_go_live():
    article = make_article("Planetarium eröffnet", "Das Sternentheater eröffnet im Frühjahr.", publish=False)
    article.go_live_at = timezone.now() + timedelta(days=1)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert article.slug not in found("Sternentheater")


def test_editing_and_republishing_updates_the_index():
    article = make_article("Brückensanierung beginnt", "Die Arbeiten an der Möwenbrücke starten.")
    article.title = "Brückensanierung verschoben"
    article.body = [{"type": "paragraph", "value": "<p>Die Arbeiten an der Kranichbrücke ruhen.</p>"}]
    article.save_revision().publish()
    assert found("Kranichbrücke") == [article.slug]
    assert article.slug not in found("Möwenbrücke")
    assert not SearchTerm.objects.filter(term="mowenbrucke").exists()


def test_unpublishing_removes_the_article_and_its_words():
    article = make_article("Murmeltiertag im Harz", "Ein Murmeltierfest lockt Besucher.")
    assert SearchTerm.objects.get(term="murmeltierfest").documents == 1
    article.unpublish()
    assert article.slug not in found("Murmeltierfest")
    assert not SearchDocument.objects.filter(pk=article.pk).exists()
    assert not SearchTerm.objects.filter(term="murmeltierfest").exists()


def test_deleting_removes_the_article():
    article = make_article("Leuchtturm wird verkauft", "Der Leuchtturmwärter geht in Rente.")
    ArticlePage.objects.get(pk=article.pk).delete()
    assert article.slug not in found("Leuchtturmwärter")
    assert not SearchTerm.objects.filter(term="leuchtturmwarter").exists()


def test_moving_an_article_updates_its_section():
    article = make_article("Tischtennis Sensation", "Pingpong-Wunder im Pokal.")
    sport = SectionPage.objects.get(slug="sport")
    ArticlePage.objects.get(pk=article.pk).move(sport, pos="last-child")
    assert SearchDocument.objects.get(pk=article.pk).section_id == sport.pk


def test_rebuild_is_idempotent(capsys):
    before = found("Bahnstreik")
    call_command("rebuild_search_index", verbosity=0)
    documents, terms = SearchDocument.objects.count(), SearchTerm.objects.count()
    call_command("rebuild_search_index", verbosity=0)
    assert (SearchDocument.objects.count(), SearchTerm.objects.count()) == (documents, terms)
    assert documents == ArticlePage.objects.published().count()
    assert found("Bahnstreik") == before


def test_rebuild_dry_run_changes_nothing():
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", dry_run=True, verbosity=0)
    assert SearchDocument.objects.count() == 0


def test_suggestions_offer_topics_and_headlines():
    labels = [(s.kind, s.label) for s in get_backend().suggest("Ukr")]
    assert ("topic", "Ukraine-Krieg") in labels
    assert any(kind == "article" and "Ukraine" in label for kind, label in labels)
    assert any("Mehrwertsteuererhöhung" in s.label for s in get_backend().suggest("Mehrwerts"))


def test_did_you_mean():
    backend = get_backend()
    assert backend.did_you_mean("Lawrov") == "Lawrow"
    assert backend.did_you_mean('"Nordkorae" -Sport') == '"Nordkorea" -Sport'
    assert backend.did_you_mean("Soldat") is None
    assert backend.did_you_mean("Bahnstreik") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking shortlist")
def test_ranking_shortlist_keeps_title_matches_first(monkeypatch):
    """With more matches than the shortlist, the pre-score on rank_vector must not lose the best hit."""
    from blattwerk.search.backends import postgres

    # The title match is the oldest, so neither the candidate order (newest first) nor freshness favours it.
    make_article("Zaunkönig brütet im Rathaus", "Eine seltene Beobachtung im Stadtpark.", slug="zaunkoenig-titel")
    for number in range(4):
        make_article(f"Meldung {number} aus dem Rathaus", "Der Zaunkönig wurde im Stadtpark gezählt.")
    monkeypatch.setattr(postgres, "PRE_RANKED", 1)
    results = get_backend().search("Zaunkönig", per_page=2)
    assert results.total == 5
    assert [hit.article.slug for hit in results.hits][0] == "zaunkoenig-titel"
    second_page = get_backend().search("Zaunkönig", per_page=2, page=3)
    assert len(second_page.hits) == 1
