"""Turning a submission into a draft article ("Als Entwurf übernehmen")."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import unquote

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _

from blattwerk.core.text import excerpt, german_slugify
from blattwerk.images.models import BlattwerkImage
from blattwerk.importers.html import ImageRef, html_to_blocks, plain_text_to_html
from blattwerk.news.models import ArticlePage, SectionPage

from .models import Attachment, Submission

LEAD_LIMIT = 600


def image_credit(submission: Submission) -> str:
    origin = submission.organisation or submission.sender_name or submission.get_source_display()
    return _("Foto: %(origin)s (Pressemitteilung)") % {"origin": origin}


def unique_child_slug(parent, wanted: str) -> str:
    """A slug not yet used among the parent's children: wanted, wanted-2, wanted-3, …"""
    base = wanted[:80].strip("-") or "beitrag"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def create_draft(submission: Submission, section: SectionPage, user=None) -> ArticlePage:
    """Create an unpublished article in `section` from the submission and link the two.

    Calling it again for the same submission returns the draft made the first time.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.article_id:
        return submission.article.specific
    html = submission.html or plain_text_to_html(submission.text)
    images = list(submission.attachments.filter(kind=Attachment.Kind.IMAGE))
    inline = {attachment.content_id: attachment for attachment in images if attachment.content_id}
    placed: set[int] = set()

    def inline_image(ref: ImageRef) -> tuple[int, str] | None:
        """An <img src="cid:…"> of an HTML e-mail becomes an image block where it stood in the text."""
        if not ref.src.lower().startswith("cid:"):
            return None
        attachment = inline.get(unquote(ref.src[4:]).strip().strip("<>"))
        if attachment is None:
            return None
        image = _library_image(attachment, submission)
        placed.add(attachment.pk)
        return image.pk, image.credit

    converted = html_to_blocks(html, inline_image)
    blocks = converted.blocks
    lead = excerpt(converted.first_paragraph_text or submission.text, LEAD_LIMIT) or submission.title
    for attachment in images:
        if attachment.pk in placed:
            continue  # already in the text, where the sender put it
        image = _library_image(attachment, submission)
        alt = Path(attachment.filename).stem.replace("_", " ").replace("-", " ")[:250] or submission.title[:250]
        blocks.append(
            {"type": "image", "value": {"image": image.pk, "alt_text": alt, "caption": "", "credit": image.credit}}
        )
    if not any(block["type"] == "paragraph" for block in blocks):
        blocks.insert(0, {"type": "paragraph", "value": f"<p>{escape(lead)}</p>"})
    origin = submission.organisation or submission.sender_name or submission.get_source_display()
    page = ArticlePage(
        title=submission.title[:255],
        slug=unique_child_slug(section, german_slugify(submission.title)),
        lead=lead,
        body=blocks,
        sources=[
            {
                "type": "source",
                "value": {
                    "text": (_("Pressemitteilung: %(origin)s") % {"origin": origin})[:300],
                    "url": submission.source_url,
                },
            }
        ],
        live=False,
        owner=user,
    )
    section.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    submission.article = page
    submission.status = Submission.Status.ACCEPTED
    if submission.assignee_id is None and user is not None:
        submission.assignee = user
    submission.save(update_fields=["article", "status", "assignee"])
    return page


def _library_image(attachment: Attachment, submission: Submission) -> BlattwerkImage:
    if attachment.image_id:
        return attachment.image
    with attachment.file.open("rb") as handle:
        image = BlattwerkImage(
            title=Path(attachment.filename).stem[:255] or submission.title[:255],
            credit=image_credit(submission)[:255],
        )
        image.file = ImageFile(handle, name=attachment.filename)
        image.save()
    attachment.image = image
    attachment.save(update_fields=["image"])
    return image
