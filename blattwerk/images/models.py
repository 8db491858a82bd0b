"""Images with a photo credit, which German press law and agencies require beside every picture."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class BlattwerkImage(AbstractImage):
    credit = models.CharField(
        _("Bildnachweis"),
        max_length=255,
        blank=True,
        help_text=_("Fotograf/in oder Agentur, z. B. „Foto: Anna Muster/Blattwerk“."),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")


class BlattwerkRendition(AbstractRendition):
    image = models.ForeignKey(BlattwerkImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
