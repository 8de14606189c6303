"""The human handoff in the sandbox, in real Chromium: a citizen asks a lawyer from the chat;
the operator panel's Cases card shows the topic, replies and closes through the same stand-in."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from bot.channels.telegram.texts import text
from bot.core.lang import Lang
from tests.sandbox.test_browser import (  # noqa: F401 - the fixtures of the sandbox's browser test
    OUTPUT,
    UI_TIMEOUT_MS,
    SandboxProcess,
    ask,
    bot_rows,
    browser,
    chromium,
    sandbox_process,
)

pytestmark = pytest.mark.browser


async def test_ask_a_lawyer_reply_and_close_from_the_operator_panel(
    sandbox_process: SandboxProcess, browser: Browser  # noqa: F811
) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page: Page = await browser.new_page(viewport={"width": 1360, "height": 900}, locale="ru-RU")
    page.set_default_timeout(UI_TIMEOUT_MS)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(sandbox_process.url)
    await expect(page.locator("#cases-empty")).to_be_visible()

    # A near miss: the fallback carries the lawyer button; it gives the consent, Confirm first.
    await ask(page, "Как подать на развод? Мой ИИН 900101300123")
    await bot_rows(page).last.locator(".kb-btn", has_text=text("btn_lawyer", Lang.RU)).click()
    consent = bot_rows(page).last
    await expect(consent.locator(".bubble")).to_contain_text("[IIN]")
    await expect(page.locator("#cases .case")).to_have_count(0)  # nothing in the group before consent
    await consent.locator(".kb-btn").first.click()
    await expect(consent.locator(".bubble")).to_contain_text(re.compile(r"C-\d+"))

    # The case's topic in the panel: code, language and topic; the redacted question.
    case = page.locator("#cases .case").first
    await expect(case.locator(".case-name")).to_have_text(re.compile(r"C-\d+ · ru · "))
    await expect(case.locator(".case-log")).to_contain_text("[IIN]")
    await expect(case.locator(".case-log")).not_to_contain_text("900101300123")

    # The lawyer answers from the panel; the citizen reads it with the label.
    await case.locator(".case-input").fill("Обратитесь в суд по месту жительства.")
    await case.locator(".case-reply").click()
    await expect(bot_rows(page).last.locator(".bubble")).to_have_text(re.compile(r"^Юрист:.*Обратитесь в суд"))

    # Close: the topic closes, the citizen is asked to rate.
    await case.locator(".case-close").click()
    await expect(page.locator("#cases .case-closed")).to_have_count(1)
    rating = bot_rows(page).last
    await expect(rating.locator(".bubble")).to_contain_text("закрыл обращение")
    await rating.locator(".kb-btn", has_text="👍").click()
    await expect(page.locator("#toast")).to_have_text(text("handoff_thanks", Lang.RU))
    await page.screenshot(path=str(OUTPUT / "sandbox-handoff.png"), full_page=True)
    assert errors == []
