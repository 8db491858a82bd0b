"""The search index: one analysed document per published article and the vocabulary behind typo correction.

Both tables are plain Django models, so the index is migrated, backed up and inspected like any other data.
The engine-specific parts live beside them and are created by migrations: on SQLite an FTS5 table over
SearchDocument and a trigram FTS5 table over SearchTerm (kept in sync by triggers); on PostgreSQL a
generated tsvector column with a GIN index and a pg_trgm index on SearchTerm.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What search knows about one published article; removed when the article is unpublished."""

    # The primary key is the article's id, so SQLite's FTS5 rowid and the page id are the same number.
    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    section = models.ForeignKey(
        "news.SectionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    author = models.ForeignKey(
        "news.Author", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    published_at = models.DateTimeField(db_index=True)
    # Plain text as readers see it: snippets and highlighting are computed from these.
    title = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    topics = models.TextField(blank=True)
    # Analysed keys (see analysis.py), space separated; the engines index these columns.
    title_terms = models.TextField(blank=True)
    lead_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    topic_terms = models.TextField(blank=True)
    # Joined forms of hyphenated words ("Ukraine-Krieg" → ukrainekrieg): found, but not for phrases.
    compound_terms = models.TextField(blank=True)
    # Distinct folded words of the article, so the vocabulary can be counted down when it leaves the index.
    words = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")
        indexes = [
            models.Index(fields=["section", "-published_at"], name="search_doc_section_pub"),
            models.Index(fields=["author", "-published_at"], name="search_doc_author_pub"),
            # Covering index: ranking and filters read publication time, section and author of thousands
            # of matches without touching the wide rows (SQLite's backend names it with INDEXED BY).
            models.Index(fields=["article", "published_at", "section", "author"], name="search_doc_article_pub"),
        ]

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """A word that occurs in published articles, with how many contain it: the source of "Meinten Sie …?"."""

    term = models.CharField(max_length=64, unique=True)
    # The term backwards: "words ending in steuer" becomes an index range scan ("reuets…").
    reversed_term = models.CharField(max_length=64, db_index=True)
    display = models.CharField(max_length=64)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Suchbegriff")
        verbose_name_plural = _("Suchbegriffe")

    def __str__(self) -> str:
        return self.display
