"""The explorer in a real browser: headless Chromium from Debian's packages, driven by
Playwright, against a real ``vbgraph serve`` process; and ``vbgraph viz`` pages opened from
disk. Screenshots go to ``results/explorer/`` (look at them).

The store is the bundled corpus plus one FICTIONAL plan (957/KH-UBND) whose title carries
``<script>`` and ``<img onerror>``: it must show as text and run nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.ingest import ingest, ingest_file
from graph.sqlite_store import SqliteStore
from graph.store import MAX_RELATIONS
from tests.conftest import ROOT
from tests.live import serving

RESULTS = ROOT / "results" / "explorer"
XSS_TITLE = 'Thử nghiệm <script>window.__xss=1</script> hồ sơ <img src=x onerror="window.__xss=2"> năm 2023'
XSS_PLAN = f"""ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 957/KH-UBND
Bình Định, ngày 15 tháng 3 năm 2023
KẾ HOẠCH
{XSS_TITLE}
Căn cứ Nghị định số 125/2021/NĐ-CP ngày 28/12/2021 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
"""


@pytest.fixture(scope="module")
def explorer_db(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explorer")
    db = root / "graph.db"
    shutil.copyfile(corpus_db, db)
    plan = root / "xss-plan.txt"
    plan.write_text(XSS_PLAN, encoding="utf-8")
    with SqliteStore(db) as store:
        ingest_file(plan, store, source="test:xss-plan.txt")
    return db


@pytest.fixture(scope="module")
def live(explorer_db: Path) -> Iterator[str]:
    with serving("--db", str(explorer_db)) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, Unavailable, install

    try:
        executable = install()
    except Unavailable as err:
        if os.environ.get("VBGRAPH_REQUIRE_BROWSER"):
            pytest.fail(f"{err} (VBGRAPH_REQUIRE_BROWSER is set)")
        pytest.skip(str(err))
    RESULTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A browser tab that records every request leaving the machine (and stops it) and every
    script error, and saves numbered screenshots."""

    def __init__(self, browser: Any, name: str) -> None:
        # The page's Content-Security-Policy (scripts from the server only) is bypassed here: it
        # would stop Playwright's own probes, and the escaping must hold without it anyway.
        self.tab = browser.new_page(viewport={"width": 1400, "height": 900}, locale="vi-VN", bypass_csp=True)
        self.name = name
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|file:|data:|blob:|about:).*"), self._outside)
        self.shots = 0

    def _outside(self, route: Any) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def shot(self, what: str) -> Path:
        self.shots += 1
        path = RESULTS / f"{self.name}-{self.shots:02d}-{what}.png"
        self.tab.screenshot(path=str(path))
        return path

    def view(self) -> dict[str, Any]:
        """What the graph panel drew last (the /graph answer)."""
        return dict(self.tab.evaluate("window.vbgraphView"))

    def wait_view(self, test: str) -> None:
        self.tab.wait_for_function(f"window.vbgraphView && ({test})", timeout=15_000)


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    tab = Page(chromium, request.node.name.removeprefix("test_")[:40])
    yield tab
    assert tab.outside == [], f"requests left the machine: {tab.outside}"
    assert [e for e in tab.errors if "favicon" not in e] == []
    tab.tab.close()


def test_search_trace_lineage_details_and_date(page: Page, live: str) -> None:
    tab = page.tab
    response = tab.goto(live + "/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_view("window.vbgraphView.mode === 'all'")
    assert tab.text_content("h1") == "Văn bản pháp luật về bình đẳng giới"
    assert len(page.view()["nodes"]) > 100
    page.shot("whole-graph")

    tab.fill("#search", "55/2009")
    tab.wait_for_selector("#suggestions li[data-id]")
    first = tab.get_attribute("#suggestions li[data-id]", "data-id")
    assert first == "55/2009/NĐ-CP"
    page.shot("suggestions")
    tab.keyboard.press("Enter")
    tab.wait_for_function("document.querySelector('#details h2')?.textContent === '55/2009/NĐ-CP'")

    tab.click("#trace")
    page.wait_view("window.vbgraphView.mode === 'lineage'")
    drawn = {n["id"] for n in page.view()["nodes"]}
    assert {"55/2009/NĐ-CP", "125/2021/NĐ-CP"} <= drawn
    supersedes = [e for e in page.view()["edges"] if e["kind"] == "supersedes"]
    assert [(e["from"], e["to"]) for e in supersedes] == [("125/2021/NĐ-CP", "55/2009/NĐ-CP")]
    assert "thay thế" in supersedes[0]["title"]  # the tooltip quotes the sentence
    tab.wait_for_timeout(1500)  # let the layout settle for the picture
    page.shot("lineage")

    tab.click("#details a.key:text-is('125/2021/NĐ-CP')")
    tab.wait_for_function("document.querySelector('#details h2')?.textContent === '125/2021/NĐ-CP'")
    details = tab.text_content("#details") or ""
    assert "01/01/2022" in details and "còn hiệu lực" in details
    assert "thay thế Nghị định số 55/2009/NĐ-CP" in details or "thay thế cho Nghị định số 55/2009/NĐ-CP" in details
    page.shot("details-125-2021")

    tab.fill("#day", "2021-06-01")  # before 125/2021 was issued
    tab.dispatch_event("#day", "change")
    page.wait_view("window.vbgraphView.on === '2021-06-01'")
    assert "125/2021/NĐ-CP" not in {n["id"] for n in page.view()["nodes"]}
    tab.wait_for_function("document.querySelector('#details')?.textContent.includes('chưa có hiệu lực')")
    page.shot("on-2021-06-01")

    tab.fill("#day", "2022-06-01")
    tab.dispatch_event("#day", "change")
    page.wait_view("window.vbgraphView.on === '2022-06-01'")
    statuses = {n["id"]: n["status"] for n in page.view()["nodes"]}
    assert statuses["125/2021/NĐ-CP"] == "in force" and statuses["55/2009/NĐ-CP"] == "no longer in force"
    page.shot("on-2022-06-01")


def test_suggestions_ignore_diacritics_and_english_is_available(page: Page, live: str) -> None:
    tab = page.tab
    tab.goto(live + "/")
    page.wait_view("true")
    tab.fill("#search", "luat binh dang gioi")
    tab.wait_for_selector("#suggestions li[data-id='73/2006/QH11']")
    page.shot("no-diacritics")
    tab.click("#lang")
    tab.wait_for_function("document.querySelector('h1').textContent.startsWith('Vietnamese legal instruments')")
    tab.fill("#search", "2232")
    tab.wait_for_selector("#suggestions li[data-id]")
    tab.keyboard.press("Enter")
    tab.wait_for_function("document.querySelector('#details')?.textContent.includes('Issued by')")
    assert tab.get_attribute("html", "lang") == "en"
    assert "Trace lineage" in (tab.text_content("#trace") or "")
    page.shot("english")


def test_evidence_opens_the_document_text_at_the_sentence(page: Page, live: str) -> None:
    tab = page.tab
    tab.goto(live + "/?id=" + "28%2FKH-UBND%40uy-ban-nhan-dan-tinh-hau-giang%402016-04-11")
    tab.wait_for_selector("#details h2")
    tab.click("#details a:text-is('xem trong văn bản') >> nth=0")
    tab.wait_for_selector("dialog#text-view[open] mark")
    marked = tab.text_content("dialog#text-view mark") or ""
    assert marked and marked.strip() in (tab.text_content("#text-body") or "")
    assert tab.text_content("#text-title") == "28/KH-UBND@uy-ban-nhan-dan-tinh-hau-giang@2016-04-11"
    page.shot("evidence-in-text")


def test_a_script_in_a_title_shows_as_text_and_runs_nothing(page: Page, live: str) -> None:
    tab = page.tab
    tab.goto(live + "/")
    page.wait_view("true")
    tab.fill("#search", "957/KH")
    tab.wait_for_selector("#suggestions li[data-id]")
    assert XSS_TITLE in (tab.text_content("#suggestions") or "")
    tab.keyboard.press("Enter")
    tab.wait_for_function("document.querySelector('#details h2')?.textContent.startsWith('957/KH-UBND')")
    assert tab.text_content("#details .title") == XSS_TITLE
    page.wait_view("window.vbgraphView.mode === 'neighbourhood'")
    key = page.view()["focus"]
    tab.wait_for_timeout(1500)
    point = tab.evaluate("""(key) => { const n = window.vbgraphNetwork;
        const p = n.canvasToDOM(n.getPosition(key)); const r = document.getElementById('graph').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }""", key)
    tab.mouse.move(point[0], point[1])
    tab.wait_for_selector("div.vis-tooltip", state="visible")
    assert XSS_TITLE in (tab.text_content("div.vis-tooltip") or "")
    page.shot("script-title-as-text")
    assert tab.evaluate("window.__xss") is None
    assert tab.query_selector("#details script, #details img, div.vis-tooltip script, div.vis-tooltip img") is None


def test_vbgraph_viz_writes_a_page_that_works_offline(page: Page, explorer_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "lineage.html"
    done = subprocess.run([sys.executable, "-m", "api", "viz", "55/2009", "--lineage", "-o", str(out), "--db",
                           str(explorer_db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []  # nothing fetched: all inline
    tab = page.tab
    tab.goto(out.as_uri())
    tab.wait_for_selector("#graph canvas")
    data = tab.evaluate("JSON.parse(document.getElementById('vbgraph-data').textContent)")
    assert {n["id"] for n in data["nodes"]} == {"55/2009/NĐ-CP", "125/2021/NĐ-CP", "76/2026/NĐ-CP"}
    legend = tab.text_content("aside") or ""
    assert "Nghị định" in legend and "thay thế" in legend and "đề xuất" in legend
    tab.wait_for_timeout(1000)
    page.shot("viz-lineage-page")

    xss = tmp_path / "xss.html"
    assert subprocess.run([sys.executable, "-m", "api", "viz", "957/KH-UBND", "-o", str(xss), "--db",
                           str(explorer_db)], cwd=ROOT, capture_output=True, timeout=120).returncode == 0
    tab.goto(xss.as_uri())
    tab.wait_for_selector("#graph canvas")
    assert tab.evaluate("window.__xss") is None
    raw = xss.read_text(encoding="utf-8")
    assert "<script>window" not in raw and "<img src=x" not in raw  # escaped inside the page's data
    data = tab.evaluate("JSON.parse(document.getElementById('vbgraph-data').textContent)")
    assert any(XSS_TITLE in n["title"] for n in data["nodes"])  # and read back whole, as text


def test_a_hub_says_how_many_relations_it_has_beyond_those_shown(
        page: Page, corpus_db: Path, tmp_path: Path) -> None:
    """An instrument cited by more plans than one answer carries (``MAX_RELATIONS``) shows the
    first ones and says how many there are. The hub is made of FICTIONAL plans of 2031."""
    db, plans = tmp_path / "graph.db", tmp_path / "plans"
    shutil.copyfile(corpus_db, db)
    plans.mkdir()
    for n in range(1, MAX_RELATIONS + 12):
        (plans / f"{n}.txt").write_text(
            f"ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH\nSố: {n}/KH-UBND\nBình Định, ngày 2 tháng 1 năm 2031\nKẾ HOẠCH\n"
            f"Thử nghiệm số {n} về bình đẳng giới\nCăn cứ Nghị định số 125/2021/NĐ-CP ngày 28/12/2021 "
            "của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch.\n", encoding="utf-8")
    with SqliteStore(db) as store:
        assert not ingest(sorted(plans.iterdir()), store).failed
    with serving("--db", str(db)) as url:
        tab = page.tab
        tab.goto(url + "/?id=" + "125%2F2021%2FN%C4%90-CP")
        tab.wait_for_selector("#details p.more")
        said = re.fullmatch(r"Hiện (\d+) trong số (\d+) quan hệ \(những quan hệ đầu tiên đã lưu\)\.",
                            tab.text_content("#details p.more") or "")
        assert said, tab.text_content("#details p.more")
        shown, total = int(said[1]), int(said[2])
        assert MAX_RELATIONS <= shown < total and total >= MAX_RELATIONS + 11
        assert len(tab.query_selector_all("#details .relation")) > 0
        page.shot("hub-relations-more")
