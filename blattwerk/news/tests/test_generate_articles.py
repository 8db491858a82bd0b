"""`generate_articles N`: a large synthetic archive, written in bulk but indistinguishable for readers."""

import logging

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from blattwerk.news.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db


def generated():
    return ArticlePage.objects.filter(slug__startswith="archiv-")


def test_creates_published_articles_with_a_sound_tree(client, caplog):
    sections_before = {s.pk: s.numchild for s in SectionPage.objects.all()}
    with caplog.at_level(logging.INFO, logger="blattwerk.news.management.commands.generate_articles"):
        call_command("generate_articles", 42, batch_size=10, verbosity=0)
    assert generated().count() == 42
    assert generated().published().count() == 42
    assert "42/42 Artikel (100 %)" in caplog.text  # progress is logged per batch
    assert "10/42 Artikel" in caplog.text

    # Tree, paths and denormalised fields are what Wagtail and the listings expect.
    assert Page.find_problems() == ([], [], [], [], [])
    for section in SectionPage.objects.all():
        assert section.numchild == sections_before[section.pk] + generated().filter(section=section).count()
        assert section.get_children().count() == section.numchild
    now = timezone.now()
    for article in generated().select_related("section"):
        assert article.get_parent().pk == article.section_id
        assert article.url_path == f"{article.section.url_path}{article.slug}/"
        assert article.published_at == article.first_published_at
        assert article.published_at < now
        assert article.title and article.lead and len(article.body) >= 4
        assert article.topics.count() == 2

    article = generated().first()
    response = client.get(article.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert article.title in body and "Quellen" not in body
    topic = article.topics.first()
    assert article.url in client.get(f"/themen/{topic.slug}/").content.decode()
    # The search index has them too.
    word = article.title.split(":")[0]
    assert article in list(ArticlePage.objects.published().search(word)[:200])


def test_is_idempotent_and_adds_only_the_difference():
    call_command("generate_articles", 12, verbosity=0)
    first = set(generated().values_list("pk", "slug"))
    call_command("generate_articles", 12, verbosity=0)
    assert set(generated().values_list("pk", "slug")) == first
    call_command("generate_articles", 20, verbosity=0)
    assert generated().count() == 20
    assert first <= set(generated().values_list("pk", "slug"))
    assert Page.find_problems() == ([], [], [], [], [])


def test_same_seed_same_texts():
    call_command("generate_articles", 3, seed=7, verbosity=0)
    texts = list(generated().order_by("slug").values_list("title", "lead"))
    generated().delete()
    call_command("generate_articles", 3, seed=7, verbosity=0)
    assert list(generated().order_by("slug").values_list("title", "lead")) == texts


def test_dry_run_writes_nothing(capsys):
    call_command("generate_articles", 25, dry_run=True)
    assert generated().count() == 0
    assert "Würde 25 Artikel anlegen" in capsys.readouterr().out
