"""Bytes to text: encodings, binary refusal, empty input, garbage."""

from __future__ import annotations

import contextlib
import gzip
import io
import random
import zipfile

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from storyline.errors import IngestError
from storyline.ingest.cyrillic_code_pages import CODE_PAGES as CYRILLIC_CODE_PAGES
from storyline.ingest.cyrillic_code_pages import best_cyrillic_code_page, written_as_words
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


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "美国国务卿周二在墨西哥城与外交部长举行会谈，讨论移民问题。双方同意加强边境合作。",
        "美國國務卿週二在墨西哥城與外交部長舉行會談，討論移民問題。",
        "東京の首相官邸で記者会見が行われ、新しい移民政策が発表された。",
        "미국 국무장관이 화요일 멕시코시티에서 외교장관과 회담을 가졌다.",
        "Reuters (2024):\n美国国务卿周二在墨西哥城与外交部长举行会谈。",
    ],
)
def test_regression_east_asian_utf16_without_a_bom_was_binary(text: str, encoding: str) -> None:
    # An ideograph has no zero byte, so nothing showed the text was UTF-16, and the control
    # bytes among its low bytes made it "binary content".
    data = text.encode(encoding)
    assert decode_bytes(data).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("美国国务卿周二在墨西哥城与外交部长举行会谈，讨论移民问题。", "gb18030"),
        ("美國國務卿週二在墨西哥城與外交部長舉行會談，討論移民問題。", "big5"),
        ("東京の首相官邸で記者会見が行われ、新しい移民政策が発表された。", "shift_jis"),
        ("東京の首相官邸で記者会見が行われ、新しい移民政策が発表された。", "euc_jp"),
        ("미국 국무장관이 화요일 멕시코시티에서 외교장관과 회담을 가졌다.", "euc_kr"),
    ],
)
def test_east_asian_legacy_encodings_are_not_read_as_utf16(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)).text == text


@pytest.mark.parametrize("data", [b"text\x00" * 50, b"Hello world\x00\x00" * 20])
def test_regression_ascii_with_zero_bytes_was_read_as_utf16_ideographs(data: bytes) -> None:
    # Two ASCII letters make an ideograph in UTF-16 ("te" is "整"), in either byte order:
    # such data is binary, as it was before UTF-16 without a byte order mark was read in
    # these languages.
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(data)


def test_random_bytes_are_not_read_as_east_asian_utf16() -> None:
    # Every 16-bit unit equally likely: about 60% of them fall in the blocks such text is
    # written with, far below what a reading must reach.
    data = random.Random(7).randbytes(4000)
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(data)


def test_regression_thai_in_its_code_page_was_undecodable() -> None:
    # Its vowel signs and tone marks are combining marks, which the plausibility test took
    # for symbols: the detector's right answer (Windows-874) was refused.
    text = "ประธานาธิบดีกล่าวเมื่อวันจันทร์ว่าการเจรจาจะกลับมาดำเนินการอีกครั้งในสัปดาห์หน้า"
    assert decode_bytes(text.encode("cp874")).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Президент России заявил, что переговоры продолжатся на следующей неделе.", "koi8_r"),
        ("Президент України заявив, що переговори продовжаться наступного тижня.", "koi8_u"),
        (
            "Президентът на България заяви, че преговорите ще продължат следващата седмица.",
            "koi8_r",
        ),
    ],
)
def test_regression_a_koi8_sentence_was_read_as_japanese(text: str, codec: str) -> None:
    # The general detector took one sentence of KOI8 for Shift-JIS half-width katakana
    # ("崹ﾅﾚﾉﾄﾅﾎﾔ 悰ﾓﾓﾉﾉ").
    assert decode_bytes(text.encode(codec)).text == text


_CYRILLIC_SENTENCES = (
    "МОСКВА, 12 марта (РИА Новости) - Министр заявил о новых мерах.",
    "Депутаты ранены в перестрелке на озере Хагг, сообщили в полиции.",
    "В Ханты-Мансийске 21-летняя спортсменка выиграла «Кубок России».",
    "Председник Србије је рекао да ће се преговори наставити следеће недеље.",
)


def _encodable(texts: tuple[str, ...], codecs: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (text, codec) pairs in which the codec has a code for every character."""
    pairs = []
    for text in texts:
        for codec in codecs:
            with contextlib.suppress(UnicodeEncodeError):
                text.encode(codec)
                pairs.append((text, codec))
    return pairs


@pytest.mark.parametrize(
    ("text", "codec"),
    _encodable(_CYRILLIC_SENTENCES, CYRILLIC_CODE_PAGES),
)
def test_cyrillic_code_pages_are_told_apart_in_a_sentence(text: str, codec: str) -> None:
    # Each reads the others' bytes as Cyrillic letters too: in KOI8 read as Windows-1251 the
    # capitals and small letters change places, in Windows-1251 read as the Mac's the
    # capitals turn into signs ("ƒепутаты").
    assert decode_bytes(text.encode(codec)).text == text


def test_every_cyrillic_code_page_is_told_apart_from_the_others() -> None:
    # (The sentences above cover each code page: none is left to the pairs that encode.)
    covered = {codec for _, codec in _encodable(_CYRILLIC_SENTENCES, CYRILLIC_CODE_PAGES)}
    assert covered == set(CYRILLIC_CODE_PAGES)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Ο πρωθυπουργός δήλωσε ότι οι διαπραγματεύσεις θα συνεχιστούν.", "cp1253"),
        ("ראש הממשלה אמר כי המשא ומתן יימשך בשבוע הבא.", "cp1255"),
        ("قال رئيس الوزراء إن المفاوضات ستستمر الأسبوع المقبل.", "cp1256"),
    ],
)
def test_other_scripts_code_pages_are_not_read_as_cyrillic(text: str, codec: str) -> None:
    # Their letters sit where Cyrillic code pages have theirs: read so, they give words of
    # rare letters, or capitals inside words.
    assert decode_bytes(text.encode(codec)).text == text


@pytest.mark.parametrize(
    ("text", "code_page"),
    [
        ("Yaşlı adamı sahte emniyet amiri 42 bin lira dolandırdı", "cp1254"),
        ("Denizli'de minik Seda'ya acı veda!", "cp1254"),
        ("Zagraj wniosek do UOKiK ws. przejęcia Virgin Mobile Polska", "cp1250"),
        ("Rekordowy Sylwester Marzeń w Zakopanem", "iso8859_2"),
        ("El presidente habló con el señor Núñez en Madrid.", "cp1252"),
    ],
)
def test_regression_a_headline_with_one_accented_letter_took_windows_1252(
    text: str, code_page: str
) -> None:
    # Its one letter beyond ASCII read as well in Windows-1252 ("acý" is Icelandic, "Marzeñ"
    # Spanish), which won the tie: the language the reading is in now chooses.
    assert decode_bytes(text.encode(code_page)).text == text


@pytest.mark.parametrize(
    "text",
    ["¡El Valle ya cuenta con nueva gobernadora!", "«Zwischen kann ich wieder gut atmen»"],
)
def test_regression_western_signs_alone_were_read_as_central_european_letters(text: str) -> None:
    # With no letter beyond ASCII, Windows-1252 accounted for nothing, and ISO-8859-2's
    # reading of the signs as letters ("ĄEl", "ŤZwischenť") won.
    assert decode_bytes(text.encode("cp1252")).text == text


@pytest.mark.parametrize(
    "text",
    [
        "إلى مستشفى سوهاج الجامعى.",
        "سعر الدولار اليوم الثلاثاء 3-3-2020",
        "قال رئيس الوزراء إن المفاوضات ستستمر الأسبوع المقبل.",
    ],
)
def test_regression_arabic_in_iso_8859_6_was_read_as_thai(text: str) -> None:
    # The detector found Windows-874 as free of symbols as ISO-8859-6 and named it first:
    # Thai letters in places Thai never writes them ("ลไ้ ๅำสิแ้").
    assert decode_bytes(text.encode("iso8859_6")).text == text


_GREEK_AND_HEBREW = (
    ("Ο υπουργός Οικονομικών συναντήθηκε με τους εκπροσώπους των τραπεζών.", "cp1253"),
    ("Πυρκαγιά σε δασική έκταση στην Αττική", "iso8859_7"),
    ("Σεισμός 5,2 Ρίχτερ στην Κρήτη", "cp1253"),
    ("הממשלה הודיעה על צעדים חדשים", "cp1255"),
    ("שר החוץ נפגש עם שגרירים בירושלים ביום שלישי.", "iso8859_8"),
    ("רעידת אדמה בצפון", "cp1255"),
    ("מחירי הדירות עלו בחודש האחרון", "iso8859_8"),
)


@pytest.mark.parametrize(("text", "code_page"), _GREEK_AND_HEBREW)
def test_regression_greek_and_hebrew_headlines_were_read_as_cyrillic(
    text: str, code_page: str
) -> None:
    # The detector read them as Windows-1251, KOI8-R or Mac Cyrillic ("доощмд дегйтд" for
    # "הממשלה הודיעה"): their own code page's reading is now taken where its words are spelt
    # as the script spells them.
    assert decode_bytes(text.encode(code_page)).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("в четверг.", "cp1251"),
        ("Но Има, мы евреи. Почему мы не можем пересечь контрольно-пропускной пункт?", "koi8_r"),
        ("Военные средства развернуты в связи с чрезвычайным положением", "koi8_r"),
    ],
)
def test_cyrillic_is_not_spelt_as_hebrew_or_arabic(text: str, codec: str) -> None:
    # Hebrew writes no word of one letter alone ("в" read as "ג"); a Latin letter or a sign
    # inside an Arabic word ("èءاا", "زءع×إز") is KOI8-R's capitals read as Windows-1256.
    assert decode_bytes(text.encode(codec)).text == text


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


_RUSSIAN_WORDS = (
    "президент министр заявил что переговоры продолжатся на следующей неделе в москве "
    "правительство страны сообщило о новых мерах по борьбе с инфляцией и безработицей "
    "встреча прошла во вторник после долгих консультаций с представителями регионов"
).split()


@given(
    st.lists(st.sampled_from(_RUSSIAN_WORDS), min_size=4, max_size=30),
    st.sampled_from(CYRILLIC_CODE_PAGES),
)
def test_a_cyrillic_text_that_reads_as_words_comes_back_from_its_code_page(
    words: list[str], codec: str
) -> None:
    # Where the right reading is written as Cyrillic words are, no other code page's reading
    # is preferred to it (a repeated rare word can fall short of what the right reading of
    # a text has: "Министр министр министр" has too few vowels, and is left to the detector).
    text = " ".join(words).capitalize() + "."
    assume(written_as_words(text) is not None)
    data = text.encode(codec)
    chosen = best_cyrillic_code_page(data)
    assert chosen is not None
    assert data.decode(chosen) == text
    assert decode_bytes(data).text == text
