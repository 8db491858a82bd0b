"""Tests: fast hashing, isolated cache and media, database named per checkout."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="blattwerk-test-media-")
INBOX_ROOT = tempfile.mkdtemp(prefix="blattwerk-test-inbox-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several checkouts may test against one PostgreSQL server at once; SQLite tests stay in memory.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME", "test_blattwerk")}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests that need the page cache turn it on themselves.
PAGE_CACHE_SECONDS = 0
