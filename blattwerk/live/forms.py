"""The editor's short form for one live entry: fits on a phone screen."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.widgets import AdminImageChooser

from .models import LiveEntry


class LiveEntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["headline", "body", "image", "image_alt", "pinned", "author", "time"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 5}),
            "image": AdminImageChooser(),
            "time": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        labels = {"time": _("Zeitpunkt (leer = jetzt)")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time"].required = False
        self.fields["time"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Bitte einen Alternativtext für das Bild angeben."))
        return cleaned
