from blattwerk.importers.html import ImageRef, html_to_blocks, plain_text_to_html


def kinds(result):
    return [block["type"] for block in result.blocks]


def test_classic_wordpress_text_without_p_tags_becomes_paragraphs():
    result = html_to_blocks("Erster Absatz\nmit Umbruch.\n\nZweiter <em>Absatz</em>.")
    assert kinds(result) == ["paragraph", "paragraph"]
    assert result.blocks[0]["value"] == "<p>Erster Absatz<br/>mit Umbruch.</p>"
    assert result.blocks[1]["value"] == "<p>Zweiter <i>Absatz</i>.</p>"


def test_headings_quotes_and_lists_map_to_their_blocks():
    html = (
        "<h2>Zwischentitel</h2><h3>Unterpunkt</h3><p>Text mit <strong>fett</strong> und "
        '<a href="https://example.org/" onclick="x()">Link</a>.</p>'
        "<blockquote><p>Ein Zitat.</p><cite>Jemand</cite></blockquote><ul><li>eins<ul><li>zwei</li></ul></li></ul>"
    )
    result = html_to_blocks(html)
    assert kinds(result) == ["heading", "heading", "paragraph", "quote", "paragraph"]
    assert result.blocks[1]["value"] == "Unterpunkt"
    assert result.blocks[2]["value"] == '<p>Text mit <b>fett</b> und <a href="https://example.org/">Link</a>.</p>'
    assert result.blocks[3]["value"] == {"text": "Ein Zitat.", "attribution": "Jemand"}
    assert result.blocks[4]["value"] == "<ul><li>eins<ul><li>zwei</li></ul></li></ul>"


def test_scripts_styles_and_dangerous_links_are_removed_but_text_stays():
    html = (
        "<p>Sicher<script>alert(1)</script><style>p{}</style> "
        '<a href="javascript:alert(1)">Klick</a> <img src=x onerror=alert(1)></p>'
    )
    result = html_to_blocks(html)
    assert result.text == "Sicher Klick"
    assert "script" not in str(result.blocks) and "javascript" not in str(result.blocks)


def test_images_become_image_blocks_when_resolved_and_keep_their_caption_otherwise():
    html = (
        '<figure><img src="https://alt.example/a.jpg" alt="Ein Bild"><figcaption>Die Unterschrift</figcaption></figure>'
    )
    resolved = html_to_blocks(html, lambda ref: (42, "Foto: X") if ref.src.endswith("a.jpg") else None)
    assert resolved.blocks == [
        {
            "type": "image",
            "value": {"image": 42, "alt_text": "Ein Bild", "caption": "Die Unterschrift", "credit": "Foto: X"},
        }
    ]
    missing = html_to_blocks(html, lambda ref: None)
    assert kinds(missing) == ["paragraph"] and missing.text == "Die Unterschrift"
    assert missing.missing_images == ["https://alt.example/a.jpg"]


def test_tables_and_preformatted_text_keep_their_text():
    result = html_to_blocks(
        "<table><tr><th>Name</th><th>Wert</th></tr><tr><td>a</td><td>1</td></tr></table><pre>x\n  y</pre>"
    )
    assert [block["value"] for block in result.blocks] == ["<p>Name | Wert</p>", "<p>a | 1</p>", "<p>x<br/>  y</p>"]


def test_plain_text_is_escaped():
    assert plain_text_to_html("a < b\n\nc & d\ne") == "<p>a &lt; b</p><p>c &amp; d<br/>e</p>"


def test_image_ref_defaults():
    assert ImageRef(src="x").alt == ""
