"""StreamField blocks for the article body; each renders with the template beside it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Zwischenüberschrift")
        template = "news/blocks/heading.html"
        form_classname = "title"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=["bold", "italic", "link", "ol", "ul"], **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Absatz")
        template = "news/blocks/paragraph.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle/Person"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "news/blocks/quote.html"


class ArticleImageBlock(blocks.StructBlock):
    """An image that always has alt text; caption and credit are shown beneath it."""

    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        max_length=250,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen können (Pflichtfeld)."),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("Bildnachweis"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen, um den Bildnachweis aus der Mediathek zu verwenden."),
    )

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "news/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ArticleImageBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}


class SourceBlock(blocks.StructBlock):
    """One entry of the "Quellen" box."""

    text = blocks.CharBlock(label=_("Quelle"), max_length=300)
    url = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "link"
        label = _("Quelle")
        template = "news/blocks/source.html"
