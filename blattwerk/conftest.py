"""Shared test setup: one database per run, loaded once with the demo newsroom."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test sees the demo site (sections, 40 articles, authors); each runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
