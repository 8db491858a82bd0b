"""Foreign HTML (WordPress posts, e-mails, agency feeds) → the article body's StreamField blocks.

The HTML is sanitised with nh3 first, then walked once: headings become heading blocks,
blockquotes quote blocks, images image blocks (when the caller can supply the file),
lists and text paragraph blocks holding only the rich-text features the paragraph block
allows (bold, italic, links, lists). Loose text is split into paragraphs at blank lines,
the way WordPress's wpautop() does, because classic WordPress content has no <p> tags.
Every piece of visible text survives; only markup the article body cannot show is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import nh3
from lxml import html as lxml_html

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CONTAINERS = {
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "nav",
    "details",
    "summary",
    "center",
    "address",
    "li",
    "dt",
    "dd",
    "thead",
    "tbody",
    "tfoot",
    "figcaption",
    "caption",
    "form",
    "fieldset",
}
BLOCK_TAGS = HEADINGS | CONTAINERS | {"p", "blockquote", "ul", "ol", "figure", "img", "table", "pre", "dl", "hr"}
BOLD = {"b", "strong"}
ITALIC = {"i", "em"}

# What survives sanitising: structure we map to blocks plus inline text carriers.
SANITISER_TAGS = BLOCK_TAGS | {
    "br",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "span",
    "code",
    "kbd",
    "samp",
    "var",
    "tt",
    "sup",
    "sub",
    "small",
    "big",
    "mark",
    "del",
    "ins",
    "s",
    "strike",
    "u",
    "abbr",
    "acronym",
    "dfn",
    "q",
    "cite",
    "font",
    "label",
    "time",
    "tr",
    "td",
    "th",
}
SANITISER_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACES = re.compile(r"\s+")


def sanitise_html(html: str, extra_schemes: set[str] | None = None) -> str:
    """Strip scripts, styles, event handlers, comments and unknown tags; keep the text."""
    return nh3.clean(
        html,
        tags=SANITISER_TAGS,
        attributes=SANITISER_ATTRIBUTES,
        url_schemes=URL_SCHEMES | (extra_schemes or set()),
        link_rel=None,
        strip_comments=True,
    )


def plain_text_to_html(text: str) -> str:
    """Plain text (an e-mail body) as escaped HTML paragraphs: blank lines separate them."""
    paragraphs = [part.strip() for part in _BLANK_LINE.split(text.replace("\r\n", "\n"))]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs if part)


def normalise_space(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class ImageRef:
    """An <img> met in the HTML; the resolver turns it into a stored image or None."""

    src: str
    alt: str = ""
    caption: str = ""


# Returns (image id, credit) or None if the file is not available.
ImageResolver = Callable[[ImageRef], "tuple[int, str] | None"]


@dataclass
class ConversionResult:
    blocks: list[dict] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)

    @property
    def first_paragraph_text(self) -> str:
        for block in self.blocks:
            if block["type"] == "paragraph":
                text = normalise_space(
                    lxml_html.fragment_fromstring(block["value"], create_parent="div").text_content()
                )
                if text:
                    return text
        return ""

    @property
    def text(self) -> str:
        """All visible text of the blocks, for checks and search."""
        parts = []
        for block in self.blocks:
            value = block["value"]
            if block["type"] == "paragraph":
                parts.append(_html_text(value))
            elif block["type"] == "heading":
                parts.append(value)
            elif block["type"] == "quote":
                parts.extend([value["text"], value["attribution"]])
            elif block["type"] == "image":
                parts.append(value["caption"])
        return normalise_space(" ".join(parts))


def _html_text(html: str) -> str:
    return normalise_space(lxml_html.fragment_fromstring(html, create_parent="div").text_content())


def html_to_blocks(html: str, resolve_image: ImageResolver | None = None) -> ConversionResult:
    """Convert untrusted HTML into article body blocks (see the module docstring)."""
    # References to the message's own parts (cid:) survive when a resolver is there to map them.
    cleaned = sanitise_html(html or "", {"cid"} if resolve_image else None)
    result = ConversionResult()
    if not cleaned.strip():
        return result
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    walker = _Walker(result, resolve_image)
    walker.container(root)
    walker.flush()
    return result


class _Walker:
    def __init__(self, result: ConversionResult, resolve_image: ImageResolver | None) -> None:
        self.result = result
        self.resolve_image = resolve_image
        self.inline: list[str] = []

    # -- block level ---------------------------------------------------------------------------

    def container(self, element) -> None:
        """Walk an element whose children may be blocks or inline content."""
        self.text(element.text)
        for child in element:
            self.element(child)
            self.text(child.tail)

    def element(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in HEADINGS:
            self.flush()
            self.heading(element)
        elif tag == "p":
            self.flush()
            self.container(element)
            self.flush()
        elif tag == "blockquote":
            self.flush()
            self.quote(element)
        elif tag in {"ul", "ol"}:
            self.flush()
            self.add("paragraph", _rich_list(element))
        elif tag == "figure":
            self.flush()
            self.figure(element)
        elif tag == "img":
            self.flush()
            self.image(ImageRef(src=element.get("src", ""), alt=element.get("alt") or element.get("title") or ""))
        elif tag == "table":
            self.flush()
            self.table(element)
        elif tag == "pre":
            self.flush()
            text = element.text_content().strip("\n")
            if text.strip():
                self.add("paragraph", "<p>" + escape(text).replace("\n", "<br/>") + "</p>")
        elif tag == "dl":
            self.flush()
            for item in element:
                if isinstance(item.tag, str) and item.tag in {"dt", "dd"}:
                    text = normalise_space(item.text_content())
                    if text:
                        value = f"<b>{escape(text)}</b>" if item.tag == "dt" else escape(text)
                        self.add("paragraph", f"<p>{value}</p>")
        elif tag == "hr":
            self.flush()
        elif tag in CONTAINERS or tag in {"tr", "td", "th"}:
            self.flush()
            self.container(element)
            self.flush()
        elif tag == "br":
            self.inline.append("<br/>")
        elif element.xpath(".//img|.//p|.//div|.//blockquote|.//ul|.//ol|.//table|.//h2|.//h3|.//figure"):
            # An inline element wrapping blocks, e.g. a linked image: its children decide.
            self.container(element)
        else:
            self.inline.append(_rich_inline(element))

    def heading(self, element) -> None:
        text = normalise_space(element.text_content())
        if text:
            self.add("heading", text)

    def quote(self, element) -> None:
        attribution = ""
        for cite in element.iter("cite"):
            attribution = normalise_space(cite.text_content())
            cite.drop_tree()
            break
        paragraphs = []
        for part in _paragraph_texts(element):
            if part:
                paragraphs.append(part)
        text = "\n\n".join(paragraphs)
        if text or attribution:
            self.add("quote", {"text": text or attribution, "attribution": attribution if text else ""})

    def figure(self, element) -> None:
        images = element.xpath(".//img")
        caption_element = next(iter(element.iter("figcaption")), None)
        caption = normalise_space(caption_element.text_content()) if caption_element is not None else ""
        if len(images) == 1 and not element.xpath(".//blockquote|.//p|.//table"):
            img = images[0]
            self.image(ImageRef(src=img.get("src", ""), alt=img.get("alt") or img.get("title") or "", caption=caption))
            return
        self.container(element)
        self.flush()

    def image(self, ref: ImageRef) -> None:
        resolved = self.resolve_image(ref) if self.resolve_image and ref.src else None
        if resolved is None:
            if ref.src:
                self.result.missing_images.append(ref.src)
            if ref.caption:
                self.add("paragraph", f"<p>{escape(ref.caption)}</p>")
            return
        image_id, credit = resolved
        alt = normalise_space(ref.alt or ref.caption)[:250] or "Bild"
        self.add(
            "image",
            {"image": image_id, "alt_text": alt, "caption": ref.caption[:300], "credit": credit[:200]},
        )

    def table(self, element) -> None:
        for caption in element.iter("caption"):
            text = normalise_space(caption.text_content())
            if text:
                self.add("paragraph", f"<p><b>{escape(text)}</b></p>")
        for row in element.iter("tr"):
            cells = [normalise_space(cell.text_content()) for cell in row if cell.tag in {"td", "th"}]
            cells = [cell for cell in cells if cell]
            if cells:
                self.add("paragraph", "<p>" + " | ".join(escape(cell) for cell in cells) + "</p>")

    # -- inline level --------------------------------------------------------------------------

    def text(self, text: str | None) -> None:
        if not text:
            return
        parts = _BLANK_LINE.split(text)
        for index, part in enumerate(parts):
            if index:
                self.flush()
            self.inline.append(_escape_text(part))

    def flush(self) -> None:
        html = "".join(self.inline).strip()
        self.inline = []
        html = re.sub(r"^(?:<br/>\s*)+|(?:\s*<br/>)+$", "", html)
        if not html:
            return
        if normalise_space(lxml_html.fragment_fromstring(html, create_parent="div").text_content()):
            self.add("paragraph", f"<p>{html}</p>")

    def add(self, kind: str, value) -> None:
        self.result.blocks.append({"type": kind, "value": value})


def _escape_text(text: str) -> str:
    """Escape text; inside paragraphs single line breaks are kept as <br> (wpautop)."""
    stripped = text.strip("\n")
    escaped = escape(stripped, quote=False)
    lead = " " if stripped[:1].isspace() or text[:1] == "\n" else ""
    trail = " " if stripped[-1:].isspace() or text[-1:] == "\n" else ""
    body = re.sub(r"[ \t]*\n[ \t]*", "<br/>", escaped.strip())
    return f"{lead}{body}{trail}" if body else (" " if text else "")


def _rich_inline(element) -> str:
    """An inline element as the paragraph block's rich text: <b>, <i>, <a href>, <br> only."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        return "<br/>"
    if tag == "img":
        return ""
    inner = _escape_text(element.text or "").replace("<br/>", " ") if tag != "pre" else escape(element.text or "")
    for child in element:
        inner += _rich_inline(child)
        inner += _escape_text(child.tail or "").replace("<br/>", " ")
    if not inner.strip():
        return inner
    if tag in BOLD:
        return f"<b>{inner}</b>"
    if tag in ITALIC:
        return f"<i>{inner}</i>"
    if tag == "a" and element.get("href"):
        return f'<a href="{escape(element.get("href"))}">{inner}</a>'
    return inner


def _rich_list(element) -> str:
    """A (possibly nested) list with rich-text items."""
    items = []
    for item in element:
        if not isinstance(item.tag, str) or item.tag != "li":
            continue
        inner = _escape_text(item.text or "").replace("<br/>", " ")
        nested = ""
        for child in item:
            if child.tag in {"ul", "ol"}:
                nested += _rich_list(child)
            else:
                inner += _rich_inline(child)
            inner += _escape_text(child.tail or "").replace("<br/>", " ")
        items.append(f"<li>{inner.strip()}{nested}</li>")
    return f"<{element.tag}>{''.join(items)}</{element.tag}>"


def _paragraph_texts(element) -> list[str]:
    """The text of a blockquote split into its paragraphs."""
    children = [child for child in element if isinstance(child.tag, str) and child.tag in BLOCK_TAGS]
    if not children:
        return [normalise_space(part) for part in _BLANK_LINE.split(element.text_content())]
    texts = [normalise_space(element.text or "")]
    for child in element:
        texts.append(normalise_space(child.text_content()))
        texts.append(normalise_space(child.tail or ""))
    return [text for text in texts if text]
