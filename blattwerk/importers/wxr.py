"""Streaming reader for WordPress eXtended RSS (WXR) exports.

The file is read with lxml's iterparse and every finished top-level element is cleared,
so memory stays flat however large the export is. The parser never resolves entities,
never touches the network and keeps libxml2's size limits (huge_tree=False); a document
type declaration is refused outright, because WordPress never writes one and it is the
door for entity expansion ("billion laughs") and external entities (XXE).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NAMESPACE_PREFIXES = (
    ("wordpress.org/export/", "excerpt", "excerpt"),
    ("wordpress.org/export/", "", "wp"),
    ("purl.org/rss/1.0/modules/content", "", "content"),
    ("purl.org/dc/elements/1.1", "", "dc"),
)
CHANNEL_RECORDS = {"item", "wp:author", "wp:category", "wp:tag", "wp:term"}
CHANNEL_FIELDS = {"title", "link", "wp:base_site_url", "wp:base_blog_url", "wp:wxr_version"}


class WXRError(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass
class Record:
    """One top-level WXR element: an item (post, page, attachment …), author, category or tag."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = field(default_factory=dict)
    comment_count: int = 0

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default) or default


def _short_name(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    for needle, extra, prefix in NAMESPACE_PREFIXES:
        if needle in uri and extra in uri:
            return f"{prefix}:{local}"
    return local


def _record(element) -> Record:
    kind = _short_name(element.tag)
    record = Record(kind=kind)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = _short_name(child.tag)
        if name == "category":
            record.terms.append((child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip()))
        elif name == "wp:postmeta":
            key = child.findtext("{*}meta_key") or ""
            record.meta[key] = child.findtext("{*}meta_value") or ""
        elif name == "wp:comment":
            record.comment_count += 1
        else:
            record.fields[name] = child.text or ""
    return record


def read_wxr(path: Path | str) -> Iterator[Record]:
    """Yield channel fields (kind "channel:<name>") and records, one at a time. Raises WXRError."""
    try:
        context = etree.iterparse(
            str(path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        )
        depth = 0
        checked = False
        for event, element in context:
            if event == "start":
                depth += 1
                if not checked:
                    checked = True
                    _check_document(element)
                continue
            depth -= 1
            if depth != 2:
                continue
            name = _short_name(element.tag) if isinstance(element.tag, str) else ""
            for entity in element.iter(etree.Entity):
                # Entities are never resolved; an unknown one (e.g. &nbsp; outside CDATA) would silently lose text.
                raise WXRError(
                    f"Die Datei verwendet die nicht definierte Entity &{entity.name}; (Zeile {entity.sourceline}). "
                    "XML kennt nur &amp; &lt; &gt; &quot; &apos;. Exportieren Sie erneut aus WordPress oder "
                    "ersetzen Sie die Entity durch das Zeichen selbst."
                )
            if name in CHANNEL_RECORDS:
                yield _record(element)
            elif name in CHANNEL_FIELDS:
                yield Record(kind=f"channel:{name}", fields={"value": (element.text or "").strip()})
            # Free what has been read: the element and the already-processed siblings before it.
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        if not checked:
            raise WXRError("Die Datei ist leer.")
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None) or (error.position[0] if getattr(error, "position", None) else "?")
        raise WXRError(
            f"Die Datei ist kein wohlgeformtes XML (Zeile {line}: {error.msg}). "
            "Prüfen Sie, ob der WordPress-Export vollständig heruntergeladen wurde, und exportieren Sie ihn "
            "sonst erneut (Werkzeuge → Daten exportieren)."
        ) from error
    except OSError as error:
        raise WXRError(f"Die Datei kann nicht gelesen werden: {error}") from error


def _check_document(root) -> None:
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise WXRError(
            "Die Datei enthält eine Dokumenttyp-Deklaration (<!DOCTYPE …>). WordPress-Exporte haben keine; "
            "sie wird aus Sicherheitsgründen abgelehnt (Entity-Expansion, externe Entities/XXE). "
            "Verwenden Sie den unveränderten Export aus WordPress."
        )
    if _short_name(root.tag) != "rss":
        raise WXRError(
            f"Das ist kein WordPress-Export (WXR): Das Wurzelelement ist <{_short_name(root.tag)}>, "
            "erwartet wird <rss>. Exportieren Sie in WordPress unter Werkzeuge → Daten exportieren."
        )
