"""Write a synthetic WordPress export (WXR 1.2) with N posts, for the import benchmark."""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

WORDS_TEXT = """
Stadt Rat Haushalt Schule Verkehr Bahn Streik Wetter Sturm Hochwasser Verein Spiel Tor Trainer Saison
Bürger Gemeinde Kreis Land Bund Gesetz Reform Polizei Feuerwehr Einsatz Markt Preise Miete Wohnung
Kultur Theater Konzert Museum Ausstellung Premiere Festival Sommer Winter Frühling Herbst
"""
WORDS = WORDS_TEXT.split()
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench-Archiv</title>
<link>https://alt.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://alt.example</wp:base_site_url>
<wp:base_blog_url>https://alt.example</wp:base_blog_url>
"""


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def content(rng: random.Random) -> str:
    parts = [sentence(rng, 20) + " " + sentence(rng, 15) for _ in range(3)]
    return (
        "\n\n".join(parts)
        + f"\n<h2>{escape(sentence(rng, 4))}</h2>\n"
        + f'<p>{sentence(rng, 25)} <strong>{sentence(rng, 3)}</strong> <a href="https://alt.example/x">Link</a></p>\n'
        + f"<blockquote>{sentence(rng, 12)}<cite>{rng.choice(WORDS)}</cite></blockquote>\n"
        + "<ul><li>"
        + "</li><li>".join(sentence(rng, 5) for _ in range(3))
        + "</li></ul>\n"
        + "\n\n".join(sentence(rng, 30) for _ in range(3))
    )


def generate(path: Path, posts: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 8, 0, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(5):
            out.write(
                f"<wp:author><wp:author_login><![CDATA[autor{i}]]></wp:author_login>"
                f"<wp:author_display_name><![CDATA[Autor {i}]]></wp:author_display_name></wp:author>\n"
            )
        for i in range(10):
            out.write(
                f"<wp:category><wp:term_id>{i + 1}</wp:term_id><wp:category_nicename>rubrik-{i}</wp:category_nicename>"
                f"<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Rubrik {i}]]></wp:cat_name>"
                "</wp:category>\n"
            )
        for i in range(50):
            out.write(
                f"<wp:tag><wp:term_id>{100 + i}</wp:term_id><wp:tag_slug>thema-{i}</wp:tag_slug>"
                f"<wp:tag_name><![CDATA[Thema {i}]]></wp:tag_name></wp:tag>\n"
            )
        for n in range(1, posts + 1):
            date = start + timedelta(hours=n)
            slug = f"beitrag-{n}"
            category = rng.randrange(10)
            tags = rng.sample(range(50), 3)
            out.write(
                "<item>\n"
                f"<title>{escape(sentence(rng, 6))}</title>\n"
                f"<link>https://alt.example/{date:%Y/%m/%d}/{slug}/</link>\n"
                f"<dc:creator><![CDATA[autor{n % 5}]]></dc:creator>\n"
                f"<content:encoded><![CDATA[{content(rng)}]]></content:encoded>\n"
                f"<excerpt:encoded><![CDATA[{sentence(rng, 20)}]]></excerpt:encoded>\n"
                f"<wp:post_id>{n}</wp:post_id>\n"
                f"<wp:post_date>{date:%Y-%m-%d %H:%M:%S}</wp:post_date>\n"
                f"<wp:post_date_gmt>{date - timedelta(hours=1):%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>\n"
                f"<wp:post_name>{slug}</wp:post_name>\n"
                "<wp:status>publish</wp:status>\n<wp:post_type>post</wp:post_type>\n<wp:post_password></wp:post_password>\n"
                f'<category domain="category" nicename="rubrik-{category}"><![CDATA[Rubrik {category}]]></category>\n'
                + "".join(
                    f'<category domain="post_tag" nicename="thema-{t}"><![CDATA[Thema {t}]]></category>\n' for t in tags
                )
                + "<wp:comment><wp:comment_id>1</wp:comment_id>"
                "<wp:comment_content>Toll</wp:comment_content></wp:comment>\n"
                "</item>\n"
            )
        out.write("</channel>\n</rss>\n")
    return path


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    print(generate(Path(sys.argv[1]), count))
