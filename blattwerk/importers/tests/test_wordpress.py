"""The WordPress import against WordPress's own theme unit test export, and against hostile files."""

import io
import re
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from PIL import Image
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from blattwerk.core.models import StandardPage
from blattwerk.importers.models import ImportedItem
from blattwerk.importers.wordpress import WordPressImporter, _expand_shortcodes
from blattwerk.news.models import ArticlePage, Author, SectionPage, Topic

pytestmark = pytest.mark.django_db

WP = "{https://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def fixture_items(path):
    tree = etree.parse(str(path))
    channel = tree.getroot().find("channel")
    return channel, {item.findtext(f"{WP}post_id"): item for item in channel.iter("item")}


def words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", text)}


def source_text(html: str) -> str:
    html = _expand_shortcodes(html)
    root = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
    for bad in root.xpath("//script|//style"):
        bad.getparent().remove(bad)
    return " ".join(root.itertext())


def body_text(page: ArticlePage) -> str:
    parts = []
    for block in page.body:
        if block.block_type == "paragraph":
            parts.append(etree.fromstring(f"<div>{block.value.source}</div>", etree.HTMLParser()).xpath("string()"))
        elif block.block_type == "heading":
            parts.append(block.value)
        elif block.block_type == "quote":
            parts += [block.value["text"], block.value["attribution"]]
        elif block.block_type == "image":
            parts.append(block.value["caption"])
    return " ".join(parts)


def make_media_dir(tmp_path):
    """Two of the export's uploads as real files, in WordPress's YYYY/MM layout."""
    media = tmp_path / "uploads"
    for relative in ("2008/06/100_5478.jpg", "2013/03/image-alignment-580x300.jpg"):
        target = media / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (200, 50, 50)).save(buffer, "JPEG")
        target.write_bytes(buffer.getvalue())
    return media


def page_for(kind, post_id):
    return ImportedItem.objects.get(kind=kind, external_id=post_id).page.specific


def test_theme_unit_test_export_imports_completely_and_idempotently(
    theme_unit_test_export, tmp_path, client, admin_client
):
    channel, items = fixture_items(theme_unit_test_export)
    media = make_media_dir(tmp_path)
    report = WordPressImporter(theme_unit_test_export, media_dir=media).run()

    # Every published post and page is accounted for: imported, or skipped with a reason.
    skipped = {ref.split()[1]: reason for ref, _title, reason in report.skipped if ref.split()[0] in ("post", "page")}
    for post_id, item in items.items():
        if item.findtext(f"{WP}post_type") not in ("post", "page"):
            continue
        kind = item.findtext(f"{WP}post_type")
        mapped = ImportedItem.objects.filter(kind=kind, external_id=post_id, page__isnull=False).exists()
        assert mapped or skipped.get(post_id), f"{kind} {post_id} neither imported nor skipped with a reason"
        assert not (mapped and post_id in skipped)
    assert skipped["1170"].startswith("kein Inhalt")  # "Edge Case: No Content"
    assert report.comments == len(channel.findall(f".//{WP}comment"))

    # Categories → sections, tags → topics, authors → authors.
    for category in channel.findall(f"{WP}category"):
        nicename = category.findtext(f"{WP}category_nicename")
        assert SectionPage.objects.filter(slug=nicename).exists(), nicename
    for tag in channel.findall(f"{WP}tag"):
        assert Topic.objects.filter(name__iexact=tag.findtext(f"{WP}tag_name").strip()).exists()
    assert Author.objects.get(slug="themedemos").name == "Theme Buster"
    assert Author.objects.get(slug="themereviewteam").name == "Theme Reviewer"

    # A classic post: slug, date (UTC from post_date_gmt), section, topics, author, excerpt as lead.
    standard = page_for("post", "358")
    assert standard.slug == "post-format-standard"
    assert standard.live and standard.first_published_at == datetime(2010, 10, 5, 7, 27, 25, tzinfo=UTC)
    assert standard.published_at == standard.first_published_at
    assert standard.get_parent().slug == "classic"
    assert {"post-formats", "readability"} <= {topic.slug for topic in standard.topics.all()}
    assert standard.author.slug == "themedemos"
    excerpt_post = page_for("post", "993")  # "Template: Excerpt (Defined)"
    assert excerpt_post.lead.startswith(
        items["993"].findtext("{https://wordpress.org/export/1.2/excerpt/}encoded")[:40]
    )
    # Every slug is the WordPress slug (percent-decoded for the Greek pages).
    for kind in ("post", "page"):
        for item in ImportedItem.objects.filter(kind=kind, page__isnull=False):
            wp_slug = items[item.external_id].findtext(f"{WP}post_name")
            if wp_slug and "%" not in wp_slug:
                assert item.page.slug in (wp_slug, *(f"{wp_slug}-{n}" for n in range(2, 5))), wp_slug

    # HTML edge cases keep their text; headings and quotes keep their structure.
    for post_id in ("1178", "1000", "575", "1177", "1173", "1174", "1733" if "1733" in items else "1732", "1749"):
        page = page_for("post", post_id)
        compact = re.sub(r"\W", "", body_text(page)).lower()
        missing = {word for word in words(source_text(items[post_id].findtext(CONTENT))) if word not in compact}
        assert not missing, f"post {post_id} lost text: {sorted(missing)[:20]}"
    markup = page_for("post", "1178")
    assert ("heading", "Header two") in [(b.block_type, b.value) for b in markup.body]
    quote = page_for("post", "575")
    quotes = [block.value for block in quote.body if block.block_type == "quote"]
    assert quotes and quotes[0]["attribution"] == "Mark Twain"
    assert page_for("post", "1173").title == "Markup: Title With Markup"
    # Editors can open what was imported: the rich text converts back into the editor's format.
    for kind, post_id in (("post", "1178"), ("post", "1000"), ("post", "1177"), ("page", "1134")):
        assert admin_client.get(f"/admin/pages/{page_for(kind, post_id).pk}/edit/").status_code == 200, post_id

    # Images: attachments present in --media-dir become library images and body images.
    caption_post = page_for("post", "1163")
    image_blocks = [b for b in caption_post.body if b.block_type == "image"]
    assert image_blocks and image_blocks[0].value["caption"] == "Bell on wharf in San Francisco"
    assert image_blocks[0].value["image"].credit

    # Statuses: future → scheduled, draft → draft, password → view restriction, none published early.
    scheduled = page_for("post", "1153")
    assert not scheduled.live and scheduled.go_live_at == datetime(2030, 1, 1, 19, 0, 18, tzinfo=UTC)
    draft = page_for("post", "1164")
    assert not draft.live and draft.has_unpublished_changes
    protected = page_for("post", "1168")
    assert PageViewRestriction.objects.get(page=protected).password == "enter"
    published_ids = set(ArticlePage.objects.published().values_list("pk", flat=True))
    assert not {scheduled.pk, draft.pk, protected.pk} & published_ids

    # Pages become standard pages under the home page.
    about = page_for("page", "2")
    assert isinstance(about, StandardPage) and about.live and about.slug == "about"

    # Old URLs lead to the new pages, as a reader's browser would follow them.
    assert client.get("/2010/10/05/post-format-standard/").headers["Location"] == standard.url
    assert client.get("/?p=358").headers["Location"] == standard.url
    response = client.get("/?p=358")
    assert response.status_code == 301
    assert client.get("/?p=1164").status_code == 200  # a draft is not revealed; the home page answers
    assert client.get("/category/aciform/").headers["Location"] == SectionPage.objects.get(slug="aciform").url
    tag_topic = Topic.objects.get(name__iexact="post formats")
    assert client.get("/tag/post-formats/").headers["Location"] == tag_topic.get_url()
    child = page_for("page", "155")  # was /about/page-with-comments/
    assert client.get("/about/page-with-comments/").headers["Location"] == child.url
    assert client.get(standard.url).status_code == 200
    assert client.get("/about/").status_code == 200

    # A second run updates nothing that did not change and never duplicates.
    counts = (Page.objects.count(), ImportedItem.objects.count(), Redirect.objects.count(), Topic.objects.count())
    second = WordPressImporter(theme_unit_test_export, media_dir=media).run()
    assert (
        Page.objects.count(),
        ImportedItem.objects.count(),
        Redirect.objects.count(),
        Topic.objects.count(),
    ) == counts
    assert second.total("importiert") == 0 and second.total("aktualisiert") == 0
    assert second.total("unverändert") == report.total("importiert") - report.counts[("Bilder", "importiert")]

    # A changed post in a later export is updated in place.
    changed = tmp_path / "changed.xml"
    changed.write_bytes(
        theme_unit_test_export.read_bytes().replace(b"Post Format: Standard", b"Post Format: Standard (neu)")
    )
    third = WordPressImporter(changed, media_dir=media).run()
    assert third.counts[("Artikel", "aktualisiert")] == 1 and Page.objects.count() == counts[0]
    assert page_for("post", "358").title == "Post Format: Standard (neu)"


def test_dry_run_saves_nothing(theme_unit_test_export):
    pages = Page.objects.count()
    call_command("import_wordpress", str(theme_unit_test_export), "--dry-run", "--no-progress", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert not ImportedItem.objects.exists() and not Redirect.objects.exists()


VALID_ITEM = """<item><title>Erster Beitrag</title><link>https://alt.example/2020/01/01/erster/</link>
<content:encoded><![CDATA[Text]]></content:encoded><wp:post_id>1</wp:post_id>
<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt><wp:post_name>erster</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
HEAD = (
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Alt</title>'
)
HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        + HEAD
        + VALID_ITEM.replace("Text", "&d;")
        + "</channel></rss>",
        "Dokumenttyp-Deklaration",
    ),
    "external entity (XXE)": (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + HEAD
        + VALID_ITEM.replace("Text", "&xxe;")
        + "</channel></rss>",
        "Dokumenttyp-Deklaration",
    ),
    "truncated after a valid item": (HEAD + VALID_ITEM + "<item><title>Kaputt</ti", "kein wohlgeformtes XML"),
    "undeclared entity": (
        HEAD + VALID_ITEM.replace("Erster Beitrag", "Erster&nbsp;Beitrag") + "</channel></rss>",
        "kein wohlgeformtes XML|nicht definierte Entity",
    ),
    "not a WordPress export": ("<html><body>Hallo</body></html>", "kein WordPress-Export"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_or_broken_xml_gives_a_clear_error_and_imports_nothing(case, tmp_path):
    content, message = HOSTILE[case]
    path = tmp_path / "export.xml"
    path.write_text(content)
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", str(path), "--no-progress", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert not ImportedItem.objects.exists()
    assert not ArticlePage.objects.filter(title="Erster Beitrag").exists()


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("import_wordpress", str(tmp_path / "fehlt.xml"))
