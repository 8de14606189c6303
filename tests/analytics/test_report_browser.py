"""The HTML report as a director sees it: rendered by headless Chromium for one day and for 90 days
of synthetic data, in Russian, with the charts' pixels checked and screenshots kept
(test-output/report-1-day.png, report-90-days.png; copies in docs/)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from bot.analytics import build_report, render_html
from bot.analytics.unanswered import engine_topic_of
from bot.config import Settings
from bot.content.engine import build_service
from bot.storage.memory import InMemoryStore
from tests.analytics.synthetic import fill_memory, generate
from tests.sandbox.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"


def _chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (scripts/deps.d/chromium.sh)")
    return CHROMIUM


def _save(page_html: str, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    html_file = OUTPUT / name.replace(".png", ".html")
    html_file.write_text(page_html, encoding="utf-8")
    return html_file


def _size(path: Path) -> int:
    return path.stat().st_size


@pytest.mark.parametrize(("days", "n", "name"), [(1, 60, "report-1-day.png"), (90, 4000, "report-90-days.png")])
async def test_the_report_renders_in_chromium(days: int, n: int, name: str) -> None:
    chromium = _chromium()
    log = generate(n=n, days=days)
    store = InMemoryStore(now=lambda: log.end)
    await fill_memory(store, log)
    topic_of = engine_topic_of(build_service(Settings(CONTENT_DIR=REPO / "content")))
    data = await build_report(store, days, today=log.end.date(), topic_of=topic_of, lang="ru")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page_html = render_html(data, lang="ru")
    assert page_html.count("data:image/png;base64,") == 4
    html_file = _save(page_html, name)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            page = await browser.new_page(viewport={"width": 1240, "height": 900})
            await page.goto(html_file.as_uri())
            sizes = await page.evaluate(
                "() => [...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
            )
            assert len(sizes) == 4 and all(ok and w > 500 and h > 100 for ok, w, h in sizes), sizes
            assert await page.locator("h1").text_content() == "О чём граждане спрашивают бота"
            await page.screenshot(path=str(OUTPUT / name), full_page=True)
        finally:
            await browser.close()
    assert _size(OUTPUT / name) > 50_000
