"""The web app in a real browser: Debian's chromium (``make browser-deps`` installs it) driven by
Playwright, against `storyline serve`'s app on 127.0.0.1. The test clicks through the seed story
(timeline → entry → article → entity), zooms the timeline, runs a keyword and a meaning search,
and opens an article whose title and text carry scripts and event handlers, checking that
nothing runs. Screenshots of each page go to ``out/screenshots/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.core import Storyline
from storyline.pipeline import BuildOptions
from storyline.web.app import WebSettings, create_app

from .conftest import COLLECTED_ON, REPO
from .web_helpers import HOSTILE_TITLE, add_hostile, copy_store, live_server

CHROMIUM = Path("/usr/bin/chromium")
SKIP_ENV = "STORYLINE_SKIP_BROWSER"
SHOTS = REPO / "out" / "screenshots"


def _browser_or_fail() -> None:
    message = f"{CHROMIUM} not found: run `make browser-deps` (or set {SKIP_ENV}=1 to skip)"
    if CHROMIUM.exists():
        return
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> Iterator[str]:
    """A served copy of the seed store with its meaning vectors; the base URL."""
    _browser_or_fail()
    db = copy_store(seed_db, tmp_path_factory.mktemp("browser"))
    Storyline(db).index_meaning()
    with live_server(create_app(WebSettings(db=str(db), index_meaning=False))) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory, seed_db: Path
) -> Iterator[tuple[str, str]]:
    """A served copy of the seed store holding the hostile article; (base URL, its id)."""
    _browser_or_fail()
    db = copy_store(seed_db, tmp_path_factory.mktemp("hostile-browser"))
    hostile = add_hostile(db)
    with live_server(create_app(WebSettings(db=str(db), index_meaning=False))) as base:
        yield base, hostile


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _browser_or_fail()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: the tests may run as root, where chromium's sandbox cannot start.
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


class Watch:
    """Everything a page did that it should not: dialogs, script errors, blocked scripts."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)
        page.on(
            "response",
            lambda r: self.violations.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.violations.append(message.text)

    def clean(self) -> None:
        assert self.dialogs == [] and self.errors == [] and self.violations == [], (
            self.dialogs,
            self.errors,
            self.violations,
        )


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_click_through_the_seed_story(site: str, page: Any) -> None:
    base = site
    watch = Watch(page)
    page.goto(base + "/")
    stories = page.locator("a.story-link")
    assert stories.count() >= 1
    shot(page, "1-stories")
    stories.first.click()
    page.wait_for_load_state()
    entries = page.locator("a.entry-link").count()
    assert entries >= 5
    # The timeline: one drawn item per entry, circles sized by independent sources.
    items = page.locator("svg a.item")
    assert items.count() == entries
    radii = {float(c.get_attribute("r")) for c in page.locator("svg a.item circle").all()}
    sources = {int(i.get_attribute("data-sources")) for i in items.all()}
    assert len(radii) == len(sources)
    assert page.locator("svg text.lane-label").count() >= 1
    shot(page, "2-story")
    story_url = page.url

    # Zoom in with the keyboard (the page's script) and out with the link.
    page.locator("body").press("+")
    page.wait_for_url(re.compile(r"from=\d{4}-\d{2}-\d{2}&to="))
    assert page.locator('[data-zoom="all"]').count() == 1
    page.locator('[data-zoom="all"]').click()
    page.wait_for_url(story_url.split("#")[0] + "#timeline")

    # Timeline → entry: the biggest circle.
    # The smallest circle is drawn last, on top of the others: a mouse click reaches it.
    items.last.click()
    page.wait_for_url(re.compile(r"/entries/\d+$"))
    page.go_back()
    # The biggest one (the most independent sources) may sit under smaller ones: by keyboard.
    biggest = max(items.all(), key=lambda i: int(i.get_attribute("data-sources")))
    biggest.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entries/\d+$"))
    columns = page.locator("article.source")
    assert columns.count() >= 1
    assert page.locator("ul.summary li").count() >= 1
    assert page.locator("a.cite").count() >= 1
    shot(page, "3-entry", full=True)

    # Entry → article: the cited passage is marked and scrolled to.
    page.locator("p.passage a").first.click()
    page.wait_for_url(re.compile(r"/articles/[^?]+\?span=\d+-\d+"))
    cited = page.locator("mark.m-cited").first
    assert cited.is_visible()
    assert page.locator(".article-text a.m-entity").count() >= 3
    assert page.locator(".article-text mark.m-time").count() >= 1
    assert page.locator(".published").inner_text().strip()
    shot(page, "4-article")

    # Article → entity.
    name = page.locator(".article-text a.m-entity").first.inner_text()
    page.locator(".article-text a.m-entity").first.click()
    page.wait_for_url(re.compile(r"/entities/"))
    heading = page.locator("h1.entity-name").inner_text()
    assert heading.split()[0].lower() in name.lower() or name.lower() in heading.lower()
    assert page.locator("ol.appearances li").count() >= 1
    shot(page, "5-entity")
    watch.clean()


def test_search_by_keyword_and_by_meaning(site: str, page: Any) -> None:
    base = site
    watch = Watch(page)
    page.goto(base + "/")
    page.fill('header input[name="q"]', "migrants")
    page.press('header input[name="q"]', "Enter")
    page.wait_for_url(re.compile(r"/search\?q=migrants"))
    results = page.locator("li.result")
    assert results.count() >= 3
    marked = page.locator("li.result .snippet mark").all_inner_texts()
    assert marked and all(m.lower().startswith("migra") for m in marked)
    shot(page, "6-search")
    # Meaning: a Spanish question over English text.
    page.fill('form.search input[name="q"]', "¿cuántos migrantes cruzaron la frontera?")
    page.check('input[name="mode"][value="meaning"]')
    page.click('form.search button[type="submit"]')
    page.wait_for_url(re.compile(r"mode=meaning"))
    assert page.locator("li.result").count() >= 5
    first = page.locator("li.result a.result-link").first
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(base + "/")
    watch.clean()


def test_hostile_article_runs_nothing(hostile_site: tuple[str, str], page: Any) -> None:
    base, hostile = hostile_site
    watch = Watch(page)
    visited = [
        f"/articles/{hostile}",
        f"/articles/{hostile}?removed=true#removed",
        "/search?q=pwned",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/",
    ]
    for path in visited:
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        # Hover and click over every marked span, where event handlers would fire.
        for mark in page.locator(".article-text mark, .article-text p").all()[:20]:
            mark.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page.goto(base + f"/articles/{hostile}")
    # The markup is shown as the article's words, not run.
    assert page.locator("h1.article-title").inner_text() == HOSTILE_TITLE
    assert "<script>" in page.locator(".article-text").inner_text()
    assert page.locator("main script, main img, main svg:not(figure svg)").count() == 0
    shot(page, "7-hostile-article")
    # The hostile article's story page (its timeline included) runs nothing either.
    for link in page.locator("p.meta a[href^='/stories/']").all():
        href = link.get_attribute("href")
        page.goto(base + href)
        assert page.evaluate("typeof window.__pwned") == "undefined"
    watch.clean()


def test_what_could_not_be_built_is_one_click_from_the_stories(
    tmp_path: Path, seed_db: Path, page: Any
) -> None:
    _browser_or_fail()
    db = copy_store(seed_db, tmp_path)
    folder = tmp_path / "pile"
    folder.mkdir()
    # A name that is markup, shown as the input's name and never run.
    name = "<img src=x onerror=window.__pwned=1>.pdf"
    (folder / name).write_bytes(b"%PDF-1.4")
    (folder / "empty.txt").write_bytes(b"")
    Storyline(db).build([str(folder)], BuildOptions(collected_on=COLLECTED_ON, workers=1))
    watch = Watch(page)
    with live_server(create_app(WebSettings(db=str(db), index_meaning=False))) as base:
        page.goto(base + "/")
        page.get_by_role("link", name="2 inputs could not be built").click()
        page.wait_for_load_state("load")
        assert page.url == base + "/failures"
        rows = page.locator("table.failures tbody tr")
        assert rows.count() == 2
        # By name: "<" sorts before "e".
        assert str(folder / name) in rows.nth(0).inner_text()
        assert "unsupported file type '.pdf'" in rows.nth(0).inner_text()
        assert "empty input" in rows.nth(1).inner_text()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("main img").count() == 0
        shot(page, "8-failures")
    watch.clean()
