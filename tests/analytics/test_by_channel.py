"""Every report shows its figures per channel (Telegram, WhatsApp, the sandbox)."""

from __future__ import annotations

from datetime import date

from bot.analytics import ReportData, aggregate, render_csv, render_html, render_text
from bot.core.facts import FeedbackCount, QuestionCount

DAY = "2026-12-01"
QUESTIONS = [
    QuestionCount(DAY, "ru", "answer", "pension-age", 6, 60.0, "telegram"),
    QuestionCount(DAY, "ru", "fallback", None, 2, 20.0, "telegram"),
    QuestionCount(DAY, "kk", "answer", "tsa-eligibility", 1, 10.0, "whatsapp"),
    QuestionCount(DAY, "kk", "fallback", None, 3, 30.0, "whatsapp"),
]
FEEDBACK = [
    FeedbackCount("pension-age", True, 4, 0, "telegram"),
    FeedbackCount("tsa-eligibility", False, 1, 0, "whatsapp"),
]


def _data() -> ReportData:
    return aggregate(7, QUESTIONS, FEEDBACK, [], today=date(2026, 12, 3))


def test_figures_per_channel() -> None:
    telegram, whatsapp = _data().by_channel
    assert (telegram.channel, telegram.total, telegram.answered_share, telegram.up, telegram.down) == (
        "telegram", 8, 0.75, 4, 0
    )
    assert (whatsapp.channel, whatsapp.total, whatsapp.unanswered_share, whatsapp.up, whatsapp.down) == (
        "whatsapp", 4, 0.75, 0, 1
    )


def test_text_csv_and_html_show_the_channels() -> None:
    data = _data()
    text = render_text(data, "en")
    assert "telegram: 8 questions, answered 75.0%, unanswered 25.0%, ratings 👍 4 / 👎 0" in text
    assert "whatsapp: 4 questions, answered 25.0%, unanswered 75.0%, ratings 👍 0 / 👎 1" in text
    csv = render_csv(data)
    assert "channel,,,,,whatsapp,4,0,1,0.2500," in csv and "channel_kind,,,fallback,,whatsapp,3,,,0.7500," in csv
    page = render_html(data, lang="ru")
    assert "Каналы" in page and "<td>whatsapp</td><td class=\"n\">4</td>" in page


def test_one_rating_on_one_answer_is_said_in_the_singular() -> None:
    questions = [QuestionCount(DAY, "ru", "answer", "pension-age", 1, 10.0, "whatsapp")]
    data = aggregate(7, questions, [FeedbackCount("pension-age", True, 1, 0, "whatsapp")], [], today=date(2026, 12, 3))
    assert "whatsapp: 1 question, answered 100.0%" in render_text(data, "en")
    assert "Feedback: 1 rating on 1 answer (100.0%), thumbs down 0.0%" in render_text(data, "en")
    assert "Отзывы: 1 оценка на 1 ответ (100.0%)" in render_text(data, "ru")
    assert "Бағалар: 1 баға, 1 жауапқа (100.0%)" in render_text(data, "kk")


def test_the_summary_counts_questions_and_answers_per_channel() -> None:
    assert _data().summary.by_channel == (("telegram", 8, 6), ("whatsapp", 4, 1))
