"""Reads the demo articles in content/ (format: content/FORMAT.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SECTION_ORDER = ("politik", "nachrichten", "sport", "klatsch")


@dataclass
class DemoArticle:
    section: str
    title: str
    slug: str
    author: str
    lead: str
    topics: list[str]
    hours_ago: float
    image_caption: str = ""
    image_alt: str = ""
    lead_story: bool = False
    sources: list[str] = field(default_factory=list)
    body: list[tuple[str, object]] = field(default_factory=list)

    @property
    def body_length(self) -> int:
        """Characters of body text, as a reader would count them."""
        total = 0
        for kind, value in self.body:
            total += len(value["text"]) if kind == "quote" else len(str(value))
        return total


class DemoContentError(ValueError):
    pass


def parse_article(path: Path, section: str) -> DemoArticle:
    """Parse one article file; errors name the file and what is wrong."""
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise DemoContentError(f"{path.name}: header line without 'key: value': {line!r}")
        meta[key.strip()] = value.strip()
    for required in ("title", "slug", "author", "lead", "topics", "hours_ago"):
        if not meta.get(required):
            raise DemoContentError(f"{path.name}: missing header '{required}'")
    article = DemoArticle(
        section=section,
        title=meta["title"],
        slug=meta["slug"],
        author=meta["author"],
        lead=meta["lead"],
        topics=[topic.strip() for topic in meta["topics"].split(",") if topic.strip()],
        hours_ago=float(meta["hours_ago"]),
        image_caption=meta.get("image_caption", ""),
        image_alt=meta.get("image_alt", "") or meta.get("image_caption", ""),
        lead_story=meta.get("lead_story", "").lower() in {"yes", "ja", "true"},
        sources=[source.strip() for source in meta.get("sources", "").split(" | ") if source.strip()],
    )
    for chunk in (part.strip() for part in body.split("\n\n")):
        if not chunk:
            continue
        if chunk.startswith("## "):
            article.body.append(("heading", chunk[3:].strip()))
        elif chunk.startswith("> "):
            quote, _, attribution = chunk[2:].partition(" | ")
            article.body.append(("quote", {"text": quote.strip(), "attribution": attribution.strip()}))
        else:
            article.body.append(("paragraph", f"<p>{escape(' '.join(chunk.split()), quote=False)}</p>"))
    return article


def load_articles(content_dir: Path = CONTENT_DIR) -> list[DemoArticle]:
    """All demo articles, section by section, in file order."""
    articles = []
    for section in SECTION_ORDER:
        for path in sorted((content_dir / section).glob("*.txt")):
            articles.append(parse_article(path, section))
    return articles
