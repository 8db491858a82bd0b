"""Reading e-mail: MIME parsed with the standard library's modern policy, HTML sanitised.

Handles RFC 2047 encoded headers and RFC 2231 encoded file names (both via policy.default),
multipart/alternative, attachments, and forwarded messages (message/rfc822 parts), whose
text and attachments are folded into the submission. Limits keep hostile messages cheap.
"""

from __future__ import annotations

import email
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime

from django.utils import timezone
from lxml import html as lxml_html

from blattwerk.importers.html import normalise_space, sanitise_html

MAX_DEPTH = 5  # forwarded-within-forwarded levels
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 200_000


@dataclass
class ParsedAttachment:
    filename: str
    declared_type: str
    data: bytes
    content_id: str = ""  # what `cid:` URLs in the HTML part call it (RFC 2392), without the <>


@dataclass
class ParsedMessage:
    message_id: str = ""
    subject: str = ""
    from_name: str = ""
    from_email: str = ""
    date: datetime | None = None
    text: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    skipped_attachments: int = 0


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_message_id(raw: bytes) -> str:
    """The Message-ID from the headers alone, tolerant of everything after them."""
    try:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw)
        value = headers.get("Message-ID", "") or ""
    except Exception:
        return ""
    return normalise_message_id(str(value))


def normalise_message_id(value: str) -> str:
    value = " ".join(value.split())
    return value[:998]


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse a raw RFC 5322 message. Raises on messages that cannot be understood at all."""
    message = email.message_from_bytes(raw, policy=policy.default)
    if not message.keys():
        raise ValueError("Die Nachricht hat keine Kopfzeilen – vermutlich keine E-Mail.")
    parsed = ParsedMessage(message_id=normalise_message_id(str(_header(message, "Message-ID"))))
    parsed.subject = normalise_space(_header(message, "Subject"))
    parsed.from_name, parsed.from_email = _first_address(_header(message, "From"))
    try:
        date = parsedate_to_datetime(_header(message, "Date"))
        parsed.date = date if timezone.is_aware(date) else timezone.make_aware(date, timezone.utc)
    except (TypeError, ValueError, IndexError):
        parsed.date = None
    texts: list[str] = []
    htmls: list[str] = []
    _collect(message, parsed, texts, htmls, depth=0)
    parsed.text = "\n\n".join(text.strip() for text in texts if text.strip())[:MAX_TEXT_CHARS]
    parsed.html = "".join(htmls)[:MAX_TEXT_CHARS]
    if not parsed.text and parsed.html:
        parsed.text = html_to_text(parsed.html)
    return parsed


def _header(message: EmailMessage, name: str) -> str:
    """A decoded header; a header too broken to decode is returned as raw text instead."""
    try:
        value = message.get(name)
    except Exception:
        raw = message.get_all(name, failobj=[""]) if hasattr(message, "get_all") else [""]
        value = str(raw[0]) if raw else ""
    return str(value or "")


def _first_address(value: str) -> tuple[str, str]:
    addresses = getaddresses([value])
    if not addresses:
        return "", ""
    name, address = addresses[0]
    if "@" not in address:
        address = ""
    return normalise_space(name)[:200], address[:254]


def _collect(part: EmailMessage, parsed: ParsedMessage, texts: list[str], htmls: list[str], depth: int) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        if depth >= MAX_DEPTH:
            return
        inner = part.get_payload(0) if part.is_multipart() else None
        if inner is None:
            return
        header = _forward_header(inner)
        texts.append(header)
        htmls.append(f"<p>{_escape(header).replace(chr(10), '<br>')}</p>")
        _collect(inner, parsed, texts, htmls, depth + 1)
        return
    if part.is_multipart():
        children = list(part.iter_parts())
        if content_type == "multipart/alternative":
            _alternative(children, parsed, texts, htmls, depth)
            return
        for child in children:
            _collect(child, parsed, texts, htmls, depth)
        return
    disposition = part.get_content_disposition()
    filename = _filename(part)
    if disposition == "attachment" or (filename and content_type not in ("text/plain", "text/html")):
        _attachment(part, filename, parsed)
    elif content_type == "text/plain":
        texts.append(_text(part))
    elif content_type == "text/html":
        # cid: URLs point at the message's own parts (inline images of multipart/related); drafts resolve them.
        htmls.append(sanitise_html(_text(part), extra_schemes={"cid"}))
    elif part.get_content_maintype() in ("image", "application"):
        _attachment(part, filename, parsed)


def _alternative(children, parsed, texts, htmls, depth) -> None:
    """Both renderings are kept: plain text for reading, sanitised HTML for the draft."""
    plain = [child for child in children if child.get_content_type() == "text/plain"]
    rich = [child for child in children if child.get_content_type() != "text/plain"]
    for child in plain[:1]:
        texts.append(_text(child))
    for child in rich:
        sub_texts: list[str] = []
        _collect(child, parsed, sub_texts, htmls, depth)
        if not plain:
            texts.extend(sub_texts)


def _text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, ValueError):
        # Unknown or lying charset: decode leniently rather than lose the text.
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    return str(content)


def _filename(part: EmailMessage) -> str:
    try:
        return part.get_filename() or ""
    except Exception:
        return ""


def _attachment(part: EmailMessage, filename: str, parsed: ParsedMessage) -> None:
    if len(parsed.attachments) >= MAX_ATTACHMENTS:
        parsed.skipped_attachments += 1
        return
    data = part.get_payload(decode=True) or b""
    if not data or len(data) > MAX_ATTACHMENT_BYTES:
        parsed.skipped_attachments += 1
        return
    content_id = _header(part, "Content-ID").strip().strip("<>").strip()[:250]
    parsed.attachments.append(
        ParsedAttachment(filename=filename, declared_type=part.get_content_type(), data=data, content_id=content_id)
    )


def _forward_header(inner: EmailMessage) -> str:
    lines = ["---------- Weitergeleitete Nachricht ----------"]
    for label, name in (("Von", "From"), ("Datum", "Date"), ("Betreff", "Subject")):
        value = normalise_space(_header(inner, name))
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


def html_to_text(html: str) -> str:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "tr", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
