"""What an article contributes to the search index: its text, analysed once, in Python."""

from __future__ import annotations

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
    topic_names = [topic.name for topic in article.topics.all()]
    author_name = article.author.name if article.author_id and article.author else ""
    metadata = " ".join([*topic_names, author_name])
    body = body_text(article)
    compounds = AnalysedText()
    fields = {}
    for name, text in (("title", article.title), ("lead", article.lead), ("body", body), ("topic", metadata)):
        analysed = analyse(text)
        fields[name] = analysed.main_text
        compounds.extra.extend(analysed.extra)
    words = surface_words(" ".join([article.title, article.lead, body, metadata]))
    document = SearchDocument(
        article_id=article.pk,
        section_id=article.section_id,
        author_id=article.author_id,
        published_at=article.published_at or article.first_published_at or article.latest_revision_created_at,
        title=article.title,
        lead=article.lead,
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
