"""The sandbox in real Chromium: `python -m bot sandbox` as a newcomer runs it, driven by Playwright.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/deps.d/chromium.sh); Playwright's own
browser download is never used. Screenshots go to test-output/ (gitignored).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Dialog, Page, async_playwright, expect

from bot.channels.telegram.texts import text
from bot.channels.texts import chat_text
from bot.core.i18n import gettext
from bot.core.lang import Lang

pytestmark = pytest.mark.browser

REPO = Path(__file__).parents[2]
OUTPUT = REPO / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 180.0  # imports, migrations and the first content load on a busy CI machine
STOP_TIMEOUT = 20.0
UI_TIMEOUT_MS = 20_000
READY_RE = re.compile(r"Sandbox ready: open (http://127\.0\.0\.1:\d+)")


class SandboxProcess:
    def __init__(self, proc: asyncio.subprocess.Process, url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log


@pytest.fixture
async def sandbox_process(tmp_path: Path) -> AsyncIterator[SandboxProcess]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "TELEGRAM_API_URL", "OPERATOR_IDS")}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/sandbox.db",
        CONTENT_DIR=str(REPO / "content"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
    )
    log = tmp_path / "sandbox.log"
    with log.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "sandbox", "--port", "0",
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=err,
        )  # fmt: skip
    try:
        assert proc.stdout is not None
        async with asyncio.timeout(START_TIMEOUT):
            while True:
                line = (await proc.stdout.readline()).decode()
                assert line, f"sandbox exited early:\n{log.read_text()[-3000:]}"
                if match := READY_RE.search(line):
                    break
        yield SandboxProcess(proc, match.group(1), log)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), STOP_TIMEOUT)
            except TimeoutError:
                proc.kill()
                await proc.wait()


@pytest.fixture
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (scripts/deps.d/chromium.sh)")
    return CHROMIUM


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield b
        finally:
            await b.close()


async def ask(page: Page, question: str) -> None:
    await page.fill("#input", question)
    await page.press("#input", "Enter")
    await expect(page.locator(".row.out").last).to_have_text(re.compile(re.escape(question)))


def bot_rows(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".row.in:not(.typing-row)")


async def test_a_newcomer_chats_with_the_real_bot_in_chromium(
    sandbox_process: SandboxProcess, browser: Browser
) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page = await browser.new_page(viewport={"width": 1360, "height": 900}, locale="ru-RU")
    page.set_default_timeout(UI_TIMEOUT_MS)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    errors: list[str] = []
    dialogs: list[str] = []
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    async def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    await page.goto(sandbox_process.url)
    await expect(page.locator("#empty")).to_be_visible()
    await expect(page.locator("#input")).to_have_attribute("placeholder", "Сообщение")

    # A question in Russian: the answer cites its source; bot left, user right, with times.
    await ask(page, "Во сколько лет выходят на пенсию?")
    answer = bot_rows(page).last
    await expect(answer.locator(".bubble i").filter(has_text=gettext("source.label", Lang.RU))).to_be_visible()
    await expect(answer.locator(".meta")).to_have_text(re.compile(r"\d\d:\d\d"))
    user_box = await page.locator(".row.out").last.bounding_box()
    bot_box = await answer.bounding_box()
    assert user_box and bot_box and user_box["x"] > bot_box["x"]

    # 👍: the bot acknowledges it and removes the feedback row from that very message.
    answer_id = await answer.get_attribute("data-message-id")
    await answer.locator(".kb-btn", has_text=text("btn_useful", Lang.RU)).click()
    await expect(page.locator("#toast")).to_have_text(chat_text("feedback_thanks", Lang.RU))
    same = page.locator(f'.row[data-message-id="{answer_id}"]')
    await expect(same.locator(".kb-btn", has_text="👍")).to_have_count(0)
    await expect(same.locator(".edited")).to_be_visible()

    # The topics button under an answer sends the menu as a new message (the answer stays);
    # a topic in that menu edits the menu in place.
    await same.locator(".kb-btn", has_text=text("btn_back_topics", Lang.RU)).click()
    await expect(bot_rows(page)).to_have_count(2)
    await expect(same.locator(".bubble i").filter(has_text=gettext("source.label", Lang.RU))).to_be_visible()
    menu = bot_rows(page).last
    await expect(menu.locator(".bubble")).to_contain_text(chat_text("topics_header", Lang.RU))
    await menu.locator(".kb-btn").first.click()
    await expect(menu.locator(".bubble")).not_to_contain_text(chat_text("topics_header", Lang.RU))
    await expect(bot_rows(page)).to_have_count(2)

    # A question in Kazakh gets a Kazakh answer with its source line.
    await ask(page, "Зейнеткерлік жас қанша?")
    await expect(bot_rows(page)).to_have_count(3)
    await expect(bot_rows(page).last.locator(".bubble i").filter(has_text=gettext("source.label", Lang.KK))).to_be_visible()
    await expect(page.frame_locator("#report").locator("h1")).to_be_visible()  # the panel has loaded
    await page.screenshot(path=str(OUTPUT / "sandbox-chat.png"))

    # Markup typed by a user is shown literally and never runs.
    hostile = "<script>window.__pwned=1;alert(1)</script> <b>жирный</b> <img src=x onerror=alert(2)>"
    await ask(page, hostile)
    mine = page.locator(".row.out").last
    assert await mine.locator(".text").text_content() == hostile
    assert await mine.locator("script, b, img").count() == 0
    await expect(bot_rows(page)).to_have_count(4)
    assert await page.evaluate("window.__pwned") is None

    # The Telegram-HTML renderer keeps only Telegram's tags and safe links.
    rendered = await page.evaluate(
        """() => {
            const box = document.createElement("div");
            window.sandboxRender.renderTelegramHtml(box,
              '<b>b</b><script>window.__pwned=2</script><a href="javascript:alert(3)">j</a>' +
              '<a href="https://egov.kz">ok</a><img src=x onerror=alert(4)><tg-spoiler>s</tg-spoiler>&lt;i&gt;');
            document.body.appendChild(box);  // attached: nothing in it may run or load
            const result = {
              tags: [...box.querySelectorAll("*")].map(e => e.tagName.toLowerCase()),
              hrefs: [...box.querySelectorAll("a")].map(a => a.getAttribute("href")),
              text: box.textContent,
            };
            box.remove();
            return result;
        }"""
    )
    assert rendered["tags"] == ["b", "span", "a", "span"]
    assert rendered["hrefs"] == ["https://egov.kz"]
    assert "<script>window.__pwned=2</script>" in rendered["text"]
    assert "<img src=x onerror=alert(4)>" in rendered["text"]
    assert rendered["text"].endswith("<i>")
    await page.wait_for_timeout(300)  # a grace period for an onerror handler, were one attached
    assert await page.evaluate("window.__pwned") is None
    assert dialogs == []

    # Switching to English changes the page's own labels and the bot's language.
    await page.click('[data-lang="en"]')
    await expect(page.locator("#input")).to_have_attribute("placeholder", "Message")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(bot_rows(page).last.locator(".bubble")).to_contain_text(text("lang_set", Lang.EN))
    await ask(page, "/topics")
    await expect(bot_rows(page).last.locator(".bubble")).to_contain_text(chat_text("topics_header", Lang.EN))

    # Operator panel: reload through the bot, unanswered questions, the analytics report.
    await page.click("#reload")
    await expect(page.locator("#reload-result")).to_contain_text(text("op_reload_ok", Lang.EN).split(":")[0])
    await page.click("#refresh-unanswered")
    await expect(page.locator("#unanswered li").first).to_be_visible()
    await page.click("#refresh-report")
    report = page.frame_locator("#report").locator("body")
    await expect(report).not_to_be_empty()

    await page.screenshot(path=str(OUTPUT / "sandbox-final.png"), full_page=True)
    assert errors == []
    # Works offline: the page loads nothing from anywhere but the sandbox itself.
    assert requested and all(u.startswith((sandbox_process.url + "/", "data:", "about:")) for u in requested)

    # Ctrl-C / SIGTERM: a clean, quick stop.
    sandbox_process.proc.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(sandbox_process.proc.wait(), STOP_TIMEOUT)
    log = sandbox_process.log.read_text()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log


async def test_the_whatsapp_view_shows_what_a_whatsapp_user_gets(
    sandbox_process: SandboxProcess, browser: Browser
) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page = await browser.new_page(viewport={"width": 1360, "height": 900}, locale="ru-RU")
    page.set_default_timeout(UI_TIMEOUT_MS)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    await page.goto(sandbox_process.url)
    await page.click('[data-channel="whatsapp"]')
    await expect(page.locator("body")).to_have_class(re.compile("whatsapp"))

    # An answer: WhatsApp's *bold* title and _italic_ source shown as such, no markup characters,
    # then its choices as a list behind a button (more than 3, or titles over 20 characters).
    await ask(page, "Кому положена адресная социальная помощь?")
    rows = page.locator(".row.in.wa")
    await expect(rows.first.locator("b")).to_contain_text("адресную социальную помощь")
    await expect(rows.locator("i").filter(has_text=gettext("source.label", Lang.RU)).first).to_be_visible()
    assert "*" not in (await rows.first.locator(".text").text_content() or "")
    choices = rows.last
    await expect(choices).to_have_attribute("data-wa-type", "list")
    await choices.locator(".wa-open").click()
    await choices.locator(".wa-row", has_text="Проверить АСП").click()

    # The row reply works like the Telegram button: the pre-check starts, with a Cancel reply button.
    await expect(page.locator(".row.out").last).to_have_text("Проверить АСП")
    step = rows.last
    await expect(step.locator(".text")).to_contain_text("Предварительная проверка")
    await expect(step.locator(".wa-btn")).to_have_text(["Отмена"])
    await step.locator(".wa-btn").click()
    await expect(rows.last.locator(".text")).to_have_text(chat_text("tsa_cancelled", Lang.RU))

    # "меню": the topics as a list of at most 10 rows, the last one paging on.
    await ask(page, "меню")
    menu = rows.last
    await menu.locator(".wa-open").click()
    await expect(menu.locator(".wa-row")).to_have_count(10)
    await expect(menu.locator(".wa-row").last).to_have_text("Ещё…")
    await page.screenshot(path=str(OUTPUT / "sandbox-whatsapp.png"), full_page=True)

    # Back to Telegram: its own chat, untouched by the WhatsApp preview.
    await page.click('[data-channel="telegram"]')
    await expect(page.locator("body")).not_to_have_class(re.compile("whatsapp"))
    await expect(page.locator(".row.wa")).to_have_count(0)
    await expect(page.locator("#empty")).to_be_visible()
    assert errors == []
