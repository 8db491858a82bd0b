"""Scheduled publishing and unpublishing, as `make run` performs it through `publish_scheduled`."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from blattwerk.news.models import ArticlePage, RelatedArticle

from .factories import ArticlePageFactory, paragraphs

pytestmark = pytest.mark.django_db

HAUSHALT = "/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/"


def schedule(page: ArticlePage, go_live_at=None, expire_at=None) -> None:
    """What an editor does in the admin: set the dates on the settings tab, then "Publish"."""
    page.go_live_at = go_live_at
    page.expire_at = expire_at
    page.save_revision().publish()
    page.refresh_from_db()


def listed(client, path: str, page: ArticlePage) -> bool:
    return f'href="{page.url}"' in client.get(path).content.decode()


def test_article_scheduled_for_later_appears_only_when_its_time_comes(client):
    now = timezone.now()
    article = ArticlePageFactory(
        title="Haushalt 2027: Bundestag stimmt am Freitag ab",
        slug="haushalt-abstimmung-freitag",
        topics=["Bundeshaushalt"],
        body=paragraphs("Der Bundeshaushalt 2027 kommt zur Abstimmung, die Schuldenbremse bleibt Thema."),
        publish=False,
    )
    schedule(article, go_live_at=now + timedelta(hours=2))
    assert not article.live
    assert article.approved_schedule

    call_command("publish_scheduled", verbosity=0)  # too early: nothing happens
    article.refresh_from_db()
    assert not article.live
    assert client.get("/politik/haushalt-abstimmung-freitag/").status_code == 404
    assert not listed(client, "/politik/", article)
    assert not listed(client, "/themen/bundeshaushalt/", article)

    with time_machine.travel(now + timedelta(hours=2, minutes=1)):
        call_command("publish_scheduled", verbosity=0)
    article.refresh_from_db()
    assert article.live
    assert client.get("/politik/haushalt-abstimmung-freitag/").status_code == 200
    assert listed(client, "/politik/", article)
    assert listed(client, "/themen/bundeshaushalt/", article)
    # Publishing through the schedule also computes its related articles.
    assert len(article.related_articles) == 4


def test_expiry_takes_an_article_offline_and_out_of_every_list(client):
    now = timezone.now()
    article = ArticlePage.objects.get(url_path__endswith=HAUSHALT)
    holder = article.related_articles[0]
    assert article.pk in RelatedArticle.objects.filter(article=holder).values_list("related_id", flat=True)
    schedule(article, expire_at=now + timedelta(days=1))
    assert article.live
    assert client.get(HAUSHALT).status_code == 200

    with time_machine.travel(now + timedelta(days=1, minutes=1)):
        call_command("publish_scheduled", verbosity=0)
    article.refresh_from_db()
    assert not article.live and article.expired
    assert client.get(HAUSHALT).status_code == 404
    assert not listed(client, "/", article)
    assert not listed(client, "/politik/", article)
    assert not RelatedArticle.objects.filter(related=article).exists()
    assert article.pk not in [other.pk for other in ArticlePage.objects.get(pk=holder.pk).related_articles]
