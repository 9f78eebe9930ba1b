"""How a visitor fills the wizard's form, for every browser test area
(wizard/, offline/, trust/): one question after another, by control kind."""

from __future__ import annotations

from playwright.sync_api import expect


def answer(page, answers: dict[str, str]) -> None:
    """Answers through the form, in the order given, as a visitor would."""
    for question_id, value in answers.items():
        question = page.locator(f'.wz-question[data-question="{question_id}"]')
        expect(question).to_be_visible()
        if question.get_attribute("data-kind") == "number":
            question.locator("input").fill(value)
        elif question.locator("select").count():
            question.locator("select").select_option(value)
        else:
            question.locator(f'input[value="{value}"]').check()
