"""The public press-release form with spam protection that needs no third party."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .files import sniff

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
_SIGNING_SALT = "blattwerk.inbox.press-release-form"


def form_timestamp() -> str:
    """A signed 'the form was shown at' value; a bot that posts instantly fails the minimum fill time."""
    return signing.dumps(int(time.time()), salt=_SIGNING_SALT)


def seconds_since(token: str) -> float | None:
    try:
        shown_at = signing.loads(token, salt=_SIGNING_SALT, max_age=MAX_FORM_AGE_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    elapsed = time.time() - int(shown_at)
    return elapsed if elapsed <= MAX_FORM_AGE_SECONDS else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PressReleaseForm(forms.Form):
    sender_name = forms.CharField(label=_("Ihr Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    sender_email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    title = forms.CharField(label=_("Titel der Pressemitteilung"), max_length=300)
    text = forms.CharField(label=_("Text"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 14}))
    attachments = MultipleFileField(
        label=_("Anhänge"),
        required=False,
        help_text=_("Bis zu %(count)s Dateien (PDF, JPEG, PNG oder WebP), je höchstens %(size)s MB.")
        % {"count": MAX_ATTACHMENTS, "size": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
    )
    # Honeypot: hidden from people by CSS, filled by bots that fill everything.
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Bitte höchstens %(count)s Anhänge senden (Sie haben %(given)s ausgewählt).")
                % {"count": MAX_ATTACHMENTS, "given": len(files)}
            )
        checked = []
        for upload in files:
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("„%(name)s“ ist größer als %(size)s MB. Bitte verkleinern oder als Link im Text angeben.")
                    % {"name": upload.name, "size": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
                )
            data = b"".join(upload.chunks())
            sniffed = sniff(data)
            if not sniffed.allowed:
                raise forms.ValidationError(
                    _(
                        "„%(name)s“ ist kein PDF, JPEG, PNG oder WebP (erkannt wurde der Inhalt, nicht die "
                        "Dateiendung). Bitte wandeln Sie die Datei in eines dieser Formate um."
                    )
                    % {"name": upload.name}
                )
            checked.append((upload.name, data))
        return checked

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())
