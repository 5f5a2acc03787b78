"""Text written right to left (Arabic, Hebrew) in the report and the web app: every element
that holds an article's words sets its direction by them (``dir="auto"``), so that an Arabic
passage reads right to left on an English page instead of with its words in reverse order
around its figures and Latin names."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.core import Storyline
from storyline.pipeline import BuildOptions
from storyline.store import open_store
from storyline.web.app import WebSettings, create_app
from tests.conftest import COLLECTED_ON

_ARABIC = (
    "وقال الرئيس الأمريكي إن الولايات المتحدة ستدعم مصر في 3 مارس 2020. "
    "وقالت الوزارة: «سنواصل العمل». وصل الوفد إلى القاهرة يوم الثلاثاء 3 مارس 2020."
)


class _Directions(HTMLParser):
    """For each run of text, the ``dir`` of the innermost open element that has one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "meta", "link", "img", "input", "hr", "wbr"):
            return
        # <bdi> sets its direction by its text, as dir="auto" does; the page's <title> is
        # the browser's to show.
        implied = "auto" if tag in ("bdi", "title") else None
        self.stack.append(dict(attrs).get("dir") or implied)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in ("br", "meta", "link", "img", "input", "hr", "wbr"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any("\u0600" <= c <= "\u06ff" for c in data):
            direction = next((d for d in reversed(self.stack) if d), None)
            self.found.append((data.strip()[:30], direction))


def _directions(html: str) -> list[tuple[str, str | None]]:
    parser = _Directions()
    parser.feed(html)
    return parser.found


def test_arabic_text_sets_its_own_direction(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ar.txt").write_text(_ARABIC)
    db = tmp_path / "s.db"
    Storyline(db).build([str(folder)], BuildOptions(collected_on=COLLECTED_ON, workers=1))
    report = _directions(Storyline(db).export("html"))
    assert report and all(direction == "auto" for _, direction in report), report
    with TestClient(create_app(WebSettings(db=str(db), index_meaning=False))) as client:
        with open_store(db, readonly=True) as store:
            (article_id,) = store.article_ids()
        (story,) = client.get("/api/stories").json()["stories"]
        for address in (f"/articles/{article_id}", f"/stories/{story['id']}", "/"):
            page = client.get(address)
            assert page.status_code == 200
            found = _directions(page.text)
            assert found and all(direction == "auto" for _, direction in found), (address, found)
