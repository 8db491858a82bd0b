"""Choose the search backend: the BLATTWERK_SEARCH_BACKEND setting, else by database engine."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from .base import Period, SearchBackend, SearchFilters, SearchHit, SearchResults, Sort, Suggestion

BACKENDS_BY_VENDOR = {
    "sqlite": "blattwerk.search.backends.sqlite.SQLiteBackend",
    "postgresql": "blattwerk.search.backends.postgres.PostgresBackend",
}
_instances: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    path = getattr(settings, "BLATTWERK_SEARCH_BACKEND", "") or BACKENDS_BY_VENDOR.get(connection.vendor)
    if not path:
        raise ImproperlyConfigured(
            f"Blattwerk search has no backend for the database engine '{connection.vendor}'. "
            f"Use SQLite or PostgreSQL, or set BLATTWERK_SEARCH_BACKEND to a dotted path of a class "
            f"implementing blattwerk.search.backends.base.SearchBackend."
        )
    if path not in _instances:
        _instances[path] = import_string(path)()
    return _instances[path]


__all__ = [
    "Period",
    "SearchBackend",
    "SearchFilters",
    "SearchHit",
    "SearchResults",
    "Sort",
    "Suggestion",
    "get_backend",
]
