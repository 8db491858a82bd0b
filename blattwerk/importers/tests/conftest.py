from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURE_NAME = "themeunittestdata.wordpress.xml"
CANDIDATES = [
    REPO_ROOT.parent / "shared" / "fixtures" / "wordpress" / FIXTURE_NAME,
    Path("/work/shared/fixtures/wordpress") / FIXTURE_NAME,
]


@pytest.fixture
def theme_unit_test_export() -> Path:
    """WordPress's theme unit test export (the file WordPress importers are tested with)."""
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    pytest.skip(
        f"{FIXTURE_NAME} not found (looked in {', '.join(str(c.parent) for c in CANDIDATES)}); "
        "put WordPress's theme unit test export there to run the WordPress import tests."
    )
