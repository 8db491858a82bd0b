import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase

from blattwerk.live import demo
from blattwerk.live.models import LiveBlogPage


@pytest.fixture
def live_blog(db) -> LiveBlogPage:
    """The running demo live blog (loaded with the demo content for the whole session)."""
    return LiveBlogPage.objects.get(slug=demo.SLUG)


@pytest.fixture
def editor(db):
    return get_user_model().objects.get(username="redaktion")


def committed():
    """Run on_commit callbacks as if the test's transaction had committed (tests never commit)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def asgi_requests():
    """Let in-process ASGI requests share the test's connection, as Django's own test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
