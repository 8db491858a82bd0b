"""What an article contributes to the search index: its text, analysed once, in Python."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.html import strip_tags

from blattwerk.news.models import ArticlePage

from .analysis import AnalysedText, analyse, surface_words
from .models import SearchDocument


def body_text(article: ArticlePage) -> str:
    """Readable text of the article body: sub-headings, paragraphs and pull quotes."""
    parts = []
    for block in article.body:
        if block.block_type in {"heading", "paragraph"}:
            parts.append(strip_tags(getattr(block.value, "source", None) or str(block.value)))
        elif block.block_type == "quote":
            parts.append(str(block.value.get("text", "")))
    return " ".join(" ".join(parts).split())


def build_document(article: ArticlePage) -> tuple[SearchDocument, dict[str, str]]:
    """An unsaved SearchDocument for a published article, and its words (folded → as written)."""
    return document_from_text(
        article_id=article.pk,
        section_id=article.section_id,
        author_id=article.author_id,
        published_at=article.published_at or article.first_published_at or timezone.now(),
        title=article.title,
        lead=article.lead,
        body=body_text(article),
        topic_names=[topic.name for topic in article.topics.all()],
        author_name=article.author.name if article.author_id and article.author else "",
    )


def document_from_text(
    *,
    article_id: int,
    section_id: int | None,
    author_id: int | None,
    published_at: datetime,
    title: str,
    lead: str,
    body: str,
    topic_names: list[str],
    author_name: str = "",
) -> tuple[SearchDocument, dict[str, str]]:
    """The analysed document for an article's texts (also used by bench/search for generated articles)."""
    metadata = " ".join([*topic_names, author_name])
    compounds = AnalysedText()
    fields = {}
    for name, text in (("title", title), ("lead", lead), ("body", body), ("topic", metadata)):
        analysed = analyse(text)
        fields[name] = analysed.main_text
        compounds.extra.extend(analysed.extra)
    words = surface_words(" ".join([title, lead, body, metadata]))
    document = SearchDocument(
        article_id=article_id,
        section_id=section_id,
        author_id=author_id,
        published_at=published_at,
        title=title,
        lead=lead,
        body=body,
        topics=", ".join(topic_names),
        title_terms=fields["title"],
        lead_terms=fields["lead"],
        body_terms=fields["body"],
        topic_terms=fields["topic"],
        # Each compound key once per article is enough: they widen recall, they do not rank.
        compound_terms=" ".join(dict.fromkeys(compounds.extra)),
        words=" ".join(sorted(words)),
    )
    return document, words
