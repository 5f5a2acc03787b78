"""How a single long page's analysis grows with its length: each kind of page read whole
(``process_input``, every per-article stage) at ``--size`` units and at twice that, seconds
and their ratio. A stage that is linear in the page doubles; one that reads the page again
for each of its parts (a quadratic) quadruples, and a page of a few megabytes, under the
input limit, then takes hours.

    .venv/bin/python bench/long_pages.py [--size 2000] [--kinds no-stops,quotes,...]
                                         [--json out.json]

The pages are made here (no data needed), from a few sentences repeated with numbered names:

- ``no-stops``: words without a full stop (a dump of captions, a script without them),
  ``--size`` × 5 words, one cue word ("said") in fifteen;
- ``quotes``: paragraphs that name a minister and an agency, then quote them by pronoun,
  description and organisation (a live blog);
- ``names``: sentences each naming a different person who said something;
- ``numbers``: sentences of money, shares and counts (figures);
- ``dates``: sentences of full dates, weekdays and relative times;
- ``html``: an HTML page of paragraphs between advertisements.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from _common import REPO, emit, machine, parser

sys.path.insert(0, str(REPO / "src"))

from storyline.ingest.types import RawInput
from storyline.pipeline import BuildOptions, process_input, warm_worker

_FIRST = ("Ana", "Luis", "Marta", "Pedro", "Sofia", "Jorge", "Elena", "Diego")
_LAST = ("Silva", "Garcia", "Lopez", "Moreno", "Castro", "Rojas", "Vega", "Ortiz")
_WORDS = "the minister said that talks on trade would resume in Geneva next week after".split()


def _name(i: int) -> str:
    return f"{_FIRST[i % 8]} {_LAST[i // 8 % 8]}"


def no_stops(n: int) -> str:
    return " ".join(_WORDS[i % len(_WORDS)] for i in range(5 * n))


def quotes(n: int) -> str:
    return "\n\n".join(
        f"Minister {_name(i)} of the Agency met officials on Monday. He said the plan would"
        " work, and she said it would not. The minister said so too. It said nothing."
        for i in range(n)
    )


def names(n: int) -> str:
    return " ".join(
        f"{_name(i)} {_LAST[i % 7]}-{_FIRST[i % 5]} said the plan would work." for i in range(n)
    )


def numbers(n: int) -> str:
    return " ".join(
        f"The fund lost ${i % 900 + 1} million, or {i % 97 + 1} percent, and {i % 800 + 2}"
        " people were hurt."
        for i in range(n)
    )


def dates(n: int) -> str:
    months = ("January", "March", "June", "October")
    return " ".join(
        f"On {months[i % 4]} {i % 28 + 1}, {1990 + i % 35}, officials met, and last Tuesday"
        " they said they will meet again next week."
        for i in range(n)
    )


def html(n: int) -> str:
    body = "".join(
        f"<p>Paragraph {i}: the minister said on Monday that talks would resume in Geneva.</p>"
        "<div class='ad'>Advertisement</div>"
        for i in range(n)
    )
    page = f"<article>{body}</article>"
    return f"<html><head><title>Live: talks</title></head><body>{page}</body></html>"


KINDS: dict[str, Callable[[int], str]] = {
    "no-stops": no_stops,
    "quotes": quotes,
    "names": names,
    "numbers": numbers,
    "dates": dates,
    "html": html,
}


def seconds_to_read(kind: str, text: str) -> float:
    is_html = kind == "html"
    raw = RawInput(
        f"{kind}.{'html' if is_html else 'txt'}",
        text.encode(),
        "text/html" if is_html else "text/plain",
    )
    started = time.perf_counter()
    result = process_input(raw, BuildOptions())
    elapsed = time.perf_counter() - started
    if result.failures:
        raise SystemExit(f"{kind}: {result.failures[0].reason}")
    return elapsed


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--size", type=int, default=2000)
    cli.add_argument("--kinds", default=",".join(KINDS))
    args = cli.parse_args()
    run = machine()
    warm_worker()  # the models loaded, as a build's worker has them
    seconds_to_read("no-stops", "The minister said on Monday that talks would resume.")
    pages = {}
    for kind in args.kinds.split(","):
        made = KINDS[kind]
        once, twice = made(args.size), made(2 * args.size)
        first, second = seconds_to_read(kind, once), seconds_to_read(kind, twice)
        pages[kind] = {
            "characters": [len(once), len(twice)],
            "seconds": [round(first, 2), round(second, 2)],
            # 2 for a stage linear in the page, 4 for a quadratic one
            "ratio": round(second / first, 2),
        }
    emit({**run, "size": args.size, "pages": pages}, args.json)


if __name__ == "__main__":
    main()
