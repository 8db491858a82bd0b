"""Hand-written e-mails, friendly and hostile, as raw bytes (CRLF line ends like on the wire)."""

import base64
import io

from PIL import Image


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (0, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def crlf(text: str) -> bytes:
    return text.strip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n"


def press_release() -> bytes:
    """RFC 2047 subject and sender, text + HTML alternative (with a script), an RFC 2231 file name,
    and a forwarded message carrying a PNG."""
    png = base64.b64encode(png_bytes()).decode()
    pdf = base64.b64encode(PDF).decode()
    return crlf(f"""
From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <presse@verein.example>
To: presse@blattwerk.example
Subject: =?utf-8?q?Stra=C3=9Fenfest_in_K=C3=B6ln?= =?utf-8?b?IOKAkyBQcm9ncmFtbQ==?=
Date: Mon, 02 Feb 2026 09:30:00 +0100
Message-ID: <pm-1@verein.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Das Stra=C3=9Fenfest beginnt um 14 Uhr.

Alle sind eingeladen.
--alt
Content-Type: text/html; charset=utf-8

<p>Das <b>Straßenfest</b> beginnt um 14 Uhr.</p><script>alert('x')</script><p onclick="x()">Alle sind eingeladen.</p>
--alt--
--outer
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''Programm%20f%C3%BCr%20K%C3%B6ln.pdf
Content-Transfer-Encoding: base64

{pdf}
--outer
Content-Type: message/rfc822

From: Stadt <pressestelle@stadt.example>
Subject: Genehmigung
Date: Sun, 01 Feb 2026 12:00:00 +0100
Message-ID: <inner@stadt.example>
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Die Genehmigung f=FCr das Fest liegt vor.
--inner
Content-Type: image/png; name="=?utf-8?q?Stra=C3=9Fe.png?="
Content-Disposition: attachment; filename="=?utf-8?q?Stra=C3=9Fe.png?="
Content-Transfer-Encoding: base64

{png}
--inner--
--outer--
""")


HOSTILE = {
    "binary noise": bytes(range(256)) * 8,
    "no headers at all": b"\r\n\r\njust a body\r\n",
    "unknown charset": crlf("""
From: a@example.org
Subject: Zeichensatz
Message-ID: <charset@example.org>
Content-Type: text/plain; charset=x-klingon

Text in einem erfundenen Zeichensatz.
"""),
    "broken base64 and missing end boundary": crlf("""
From: a@example.org
Subject: Kaputt
Message-ID: <broken@example.org>
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Lesbarer Teil.
--b
Content-Type: application/pdf
Content-Disposition: attachment; filename="x.pdf"
Content-Transfer-Encoding: base64

%%%%not base64!!!!
"""),
    "header injection and overlong header": crlf(
        "From: a@example.org\nSubject: Hallo\r\n Bcc: opfer@example.org\nX-Long: "
        + "x" * 20000
        + "\nMessage-ID: <long@example.org>\n\nText."
    ),
    "deeply nested multiparts": crlf(
        "From: a@example.org\nSubject: Tief\nMessage-ID: <deep@example.org>\n"
        + "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(60))
        + "Content-Type: text/plain\n\nGanz unten.\n"
        + "".join(f"--b{i}--\n" for i in reversed(range(60)))
    ),
    "exe disguised as pdf": crlf(f"""
From: a@example.org
Subject: Anhang
Message-ID: <exe@example.org>
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Siehe Anhang.
--b
Content-Type: application/pdf
Content-Disposition: attachment; filename="../../etc/Bericht.pdf"
Content-Transfer-Encoding: base64

{base64.b64encode(b"MZ" + bytes(200)).decode()}
--b--
"""),
}
