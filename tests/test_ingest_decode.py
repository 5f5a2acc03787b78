"""Bytes to text: encodings, binary refusal, empty input, garbage."""

from __future__ import annotations

import gzip
import io
import random
import zipfile

import pytest

from storyline.errors import IngestError
from storyline.ingest.decode import BINARY, EMPTY, decode_bytes
from storyline.ingest.extract import extract
from storyline.ingest.types import RawInput

ARTICLE = (
    "The minister said “we will not falter” at the café in Panamá, and the délégation agreed.\n\n"
    "Officials said the summit’s declaration — signed by 20 countries — would be naïve to ignore."
)


def test_utf8() -> None:
    decoded = decode_bytes(ARTICLE.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (ARTICLE, "utf-8")


def test_utf8_with_bom() -> None:
    decoded = decode_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert decoded.text == ARTICLE


def test_cp1252_smart_quotes_and_accents() -> None:
    decoded = decode_bytes(ARTICLE.encode("cp1252"))
    assert decoded.text == ARTICLE
    assert decoded.encoding == "cp1252"


def test_short_cp1252() -> None:
    assert decode_bytes("“Café” é".encode("cp1252")).text == "“Café” é"


def test_latin1_french() -> None:
    text = "Le président a déclaré que la situation était très grave à Paris."
    assert decode_bytes(text.encode("latin-1")).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32(encoding: str) -> None:
    data = ARTICLE.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # no BOM: found from the zero bytes
        assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert decode_bytes(data).text == ARTICLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Президент заявил в понедельник, что переговоры возобновятся на следующей неделе.",
        "Ο πρόεδρος δήλωσε τη Δευτέρα ότι οι συνομιλίες θα συνεχιστούν.",
        "قال الرئيس يوم الاثنين إن المحادثات ستستأنف الأسبوع المقبل.",
    ],
)
def test_regression_utf16_of_another_script_without_a_bom_was_binary(
    text: str, encoding: str
) -> None:
    # Only mostly-ASCII UTF-16 (a zero in every other byte) was known without a byte order
    # mark; Cyrillic's high bytes (0x04) are control bytes, so it was "binary content".
    assert decode_bytes(text.encode(encoding)).text == text


def test_regression_thai_in_its_code_page_was_undecodable() -> None:
    # Its vowel signs and tone marks are combining marks, which the plausibility test took
    # for symbols: the detector's right answer (Windows-874) was refused.
    text = "ประธานาธิบดีกล่าวเมื่อวันจันทร์ว่าการเจรจาจะกลับมาดำเนินการอีกครั้งในสัปดาห์หน้า"
    assert decode_bytes(text.encode("cp874")).text == text


def test_cyrillic_cp1251_is_not_read_as_western() -> None:
    text = "Президент заявил, что ситуация на границе очень серьезная и требует решений."
    assert decode_bytes(text.encode("cp1251")).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("東京で月曜日に会議が開かれ、首相は計画が機能すると述べた。", "iso2022_jp"),
        ("대통령은 월요일 회담이 다음 주 제네바에서 재개될 것이라고 말했다.", "iso2022_kr"),
    ],
)
def test_regression_iso_2022_text_was_read_as_ascii_with_its_escapes(text: str, codec: str) -> None:
    # 7-bit Japanese and Korean mail and news: UTF-8 read the bytes as ASCII ("$BEl5~$G7n"),
    # and Korean's shift bytes made it "binary".
    decoded = decode_bytes((text * 3).encode(codec))
    assert decoded.text.strip() == (text * 3).strip()


@pytest.mark.parametrize(
    ("text", "code_page"),
    [
        ("Prezydent powiedział w poniedziałek, że rozmowy zostaną wznowione. Żółć.", "cp1250"),
        ("Prezydent powiedział w poniedziałek, że rozmowy zostaną wznowione. Żółć.", "iso8859_2"),
        ("Prezident řekl v pondělí, že rozhovory budou příští týden v Ženevě obnoveny.", "cp1250"),
        ("Az elnök hétfőn azt mondta, hogy a tárgyalások jövő héten folytatódnak.", "iso8859_2"),
        (
            "Cumhurbaşkanı görüşmelerin gelecek hafta yeniden başlayacağını söyledi. İstanbul.",
            "cp1254",
        ),
        ("Prezidentas pirmadienį sakė, kad derybos bus atnaujintos kitą savaitę.", "cp1257"),
    ],
)
def test_regression_central_european_and_turkish_text_was_read_as_western(
    text: str, code_page: str
) -> None:
    # "powiedzia³ w poniedzia³ek", "Cumhurbaþkaný": Windows-1252 read them whenever they
    # looked Western European enough, and the general detector guessed it for the rest.
    assert decode_bytes(text.encode(code_page)).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Der Präsident sagte, die Gespräche würden fortgesetzt. Größe 5 m³, ±3 %.",
        "Le président a déclaré que les négociations reprendraient à Genève. « Très bien ».",
        "¿Qué pasó? El presidente dijo que las conversaciones se reanudarán. ¡Señor!",
        "Forsetinn sagði á mánudag að viðræður myndu hefjast að nýju. Þingvellir.",
        "Præsidenten sagde mandag, at forhandlingerne genoptages. Søren Åsberg.",
    ],
)
def test_western_european_text_stays_windows_1252(text: str) -> None:
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_declared_charset_in_html_meta() -> None:
    markup = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 na\xefve</p></body></html>'
    )
    assert "Café naïve" in decode_bytes(markup.encode("latin-1")).text


def test_declared_charset_in_media_type() -> None:
    text = "Žluťoučký kůň úpěl ďábelské ódy, řekl ministr v Praze."
    decoded = decode_bytes(text.encode("cp1250"), "text/plain; charset=windows-1250")
    assert decoded.text == text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        gzip.compress(b"hello world"),
    ],
    ids=["pdf", "png", "gif", "jpeg", "gzip"],
)
def test_binary_formats_are_refused(data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        decode_bytes(data)
    assert caught.value.reason.startswith(BINARY)


def test_zip_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(IngestError, match="binary content"):
        decode_bytes(buffer.getvalue())


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(IngestError, match="binary content"):
        decode_bytes(b"some text\x00\x00\x01\x02 more text \x00 and \x03\x04")


def test_control_characters_are_binary() -> None:
    with pytest.raises(IngestError, match="binary content"):
        decode_bytes(bytes(range(1, 32)) * 10 + b"text")


@pytest.mark.parametrize("data", [b"", b"   ", b" \n\t\r\n ", "  \n ".encode("utf-16")])
def test_empty_and_white_space_only(data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        decode_bytes(data)
    assert caught.value.reason == EMPTY


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_refused(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(2000))
    with pytest.raises(IngestError) as caught:
        decode_bytes(data)
    assert caught.value.reason.startswith((BINARY, "undecodable bytes"))


@pytest.mark.parametrize("seed", range(5))
def test_random_high_bytes_are_undecodable(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(1500))
    with pytest.raises(IngestError, match="undecodable bytes"):
        decode_bytes(data)


def test_regression_a_short_input_of_broken_bytes_is_undecodable() -> None:
    """A UTF-32 byte-order mark before seven bytes that are not UTF-32 was built as an
    article titled "\ufffd\ufffd": too few replacement characters to pass the share of a long
    text, though nothing else was there."""
    with pytest.raises(IngestError, match="undecodable bytes"):
        decode_bytes(b"\xff\xfe\x00\x00garbage")
    assert decode_bytes("Caf\u00e9 \ufffd menu".encode()).text == "Caf\u00e9 \ufffd menu"


def test_extract_reports_decoding_failures_as_ingest_errors() -> None:
    for data in (b"", b"\x89PNG\r\n\x1a\nxxxx", b"\x00" * 50):
        with pytest.raises(IngestError):
            extract(RawInput("x.txt", data, "text/plain"))


def test_extract_reads_cp1252_text() -> None:
    extracted = extract(RawInput("x.txt", ARTICLE.encode("cp1252"), "text/plain"))
    assert "“we will not falter”" in extracted.text
    assert "délégation" in extracted.text
    assert extracted.raw_text == ARTICLE


def test_unsupported_media_type() -> None:
    with pytest.raises(IngestError, match="unsupported media type 'application/pdf'"):
        extract(RawInput("x", b"hello there", "application/pdf"))


def test_declared_utf16_without_bom_and_without_ascii() -> None:
    text = "总统说局势非常严重。我们必须采取行动。"
    data = text.encode("utf-16-le")
    assert decode_bytes(data, "text/plain; charset=utf-16le").text == text
