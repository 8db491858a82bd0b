"""Shared test setup: one database per run, loaded once with the demo newsroom."""

import pytest
from django.core.cache import caches
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test sees the demo site (sections, 40 articles, authors); each runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test's database changes are rolled back, so nothing it cached (renditions, pages) may outlive it."""
    yield
    for cache in caches.all():
        cache.clear()
