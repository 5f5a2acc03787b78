"""What single-byte code pages read a text as, for the choosers of a script's code page
(:mod:`storyline.ingest.latin_code_pages`, :mod:`storyline.ingest.cyrillic_code_pages`,
:mod:`storyline.ingest.script_code_pages`), and the signs beyond ASCII any of their texts
may hold."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

#: A code page is chosen on the text's first this many bytes (the rest is written alike).
SAMPLE_BYTES = 200_000


def readings(data: bytes, code_pages: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each code page that reads the start of ``data`` (``SAMPLE_BYTES``), with its reading,
    in the order given."""
    sample = data[:SAMPLE_BYTES]
    for code_page in code_pages:
        try:
            yield code_page, sample.decode(code_page)
        except UnicodeDecodeError:
            continue


#: Punctuation and signs beyond ASCII that text in any of these scripts may hold (quotes,
#: dashes, the ellipsis, the bullet, currency and trade marks, the no-break space): no
#: evidence for or against a reading. Each chooser adds its scripts' own.
SIGNS = frozenset("‘’‚“”„–—…•€©®™°«»·§×÷\u00a0")
