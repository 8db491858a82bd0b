"""Demo pictures drawn locally with Pillow: abstract, seeded by slug, coloured by section."""

from __future__ import annotations

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "politik": [(20, 48, 92), (52, 101, 164), (197, 214, 232), (230, 180, 80)],
    "nachrichten": [(11, 93, 59), (60, 140, 100), (214, 233, 220), (240, 200, 120)],
    "sport": [(150, 30, 30), (220, 90, 50), (250, 220, 190), (40, 40, 60)],
    "klatsch": [(120, 40, 110), (220, 110, 170), (250, 220, 240), (250, 190, 60)],
    "person": [(70, 70, 80), (120, 120, 140), (220, 220, 230), (200, 160, 120)],
}


IMAGE_CREDIT = "Illustration: Blattwerk (generiert)"


def create_demo_image(seed: str, palette: str, title: str, size: tuple[int, int] = (2400, 1350)):
    """A generated picture saved as a Wagtail image with title, alt description and credit."""
    from django.core.files.images import ImageFile

    from blattwerk.images.models import BlattwerkImage

    image = BlattwerkImage(title=title[:255], credit=IMAGE_CREDIT, description=title[:255])
    image.file = ImageFile(io.BytesIO(generate_picture(seed, palette, size)), name=f"{seed}.jpg")
    image.save()
    return image


def _rng(seed: str) -> random.Random:
    return random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))  # noqa: S311


def generate_picture(seed: str, palette: str, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A JPEG of soft shapes over a gradient; the same seed always draws the same picture."""
    rng = _rng(seed)
    colours = PALETTES.get(palette, PALETTES["nachrichten"])
    width, height = size
    top, bottom = rng.sample(colours[:3], 2)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _ in range(rng.randint(7, 14)):
        colour = (*rng.choice(colours), rng.randint(60, 150))
        x, y = rng.randint(-200, width), rng.randint(-200, height)
        radius = rng.randint(60, 420)
        if rng.random() < 0.5:
            shapes.ellipse([x, y, x + radius, y + radius], fill=colour)
        else:
            points = [(x + rng.randint(-radius, radius), y + rng.randint(-radius, radius)) for _ in range(3)]
            shapes.polygon(points, fill=colour)
    overlay = overlay.filter(ImageFilter.GaussianBlur(radius=6))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
