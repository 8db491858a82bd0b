"""The sitemap XSDs live outside the repository, in ../shared/fixtures/schemas (see SOURCES.md there)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

SCHEMA_FILES = ("sitemap.xsd", "siteindex.xsd", "sitemap-news.xsd", "sitemap-image.xsd")


def schema_dir() -> Path | None:
    """$BLATTWERK_SCHEMA_DIR, else ../shared/fixtures/schemas beside the checkout (or its main worktree)."""
    candidates = []
    if os.environ.get("BLATTWERK_SCHEMA_DIR"):
        candidates.append(Path(os.environ["BLATTWERK_SCHEMA_DIR"]))
    repo_root = Path(settings.BASE_DIR)
    candidates.append(repo_root.parent / "shared" / "fixtures" / "schemas")
    for candidate in candidates:
        if all((candidate / name).is_file() for name in SCHEMA_FILES):
            return candidate
    return None


def require_schema_dir() -> Path:
    directory = schema_dir()
    if directory is None:
        pytest.skip(
            "Sitemap XSDs not found: put sitemap.xsd, siteindex.xsd, sitemap-news.xsd and sitemap-image.xsd "
            "in ../shared/fixtures/schemas (relative to the repository) or point BLATTWERK_SCHEMA_DIR at them."
        )
    return directory


@cache
def urlset_schema():
    """sitemap.xsd with the news and image extensions: their elements are validated strictly."""
    import xmlschema

    directory = require_schema_dir()
    return xmlschema.XMLSchema(
        [str(directory / "sitemap.xsd"), str(directory / "sitemap-news.xsd"), str(directory / "sitemap-image.xsd")]
    )


@cache
def index_schema():
    import xmlschema

    return xmlschema.XMLSchema(str(require_schema_dir() / "siteindex.xsd"))
