"""How a visitor fills the wizard's form, for every browser test area
(wizard/, offline/, trust/): one question after another, by control kind."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect


def engine_manifest(site: Path) -> tuple[Path, dict]:
    """The built site's engine folder (engine/<hash>/) and its manifest.json."""
    (path,) = site.glob("engine/*/manifest.json")
    return path.parent, json.loads(path.read_text(encoding="utf-8"))


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


# The engine's own state (`#wizard[data-engine-state]`: loading, ready,
# failed), not a fixed time: a start on a busy machine can take minutes, and a
# failed start is final, so the wait ends as soon as the engine has decided.
ENGINE_WAIT_MS = 300_000


def wait_engine(page, state: str = "ready", timeout: int = ENGINE_WAIT_MS) -> None:
    """Waits until the wizard's engine is ready or failed, then checks it is
    `state` (a wrong end fails at once, with the page's status text)."""
    import re

    wizard = page.locator("#wizard")
    expect(wizard).to_have_attribute("data-engine-state", re.compile("^(ready|failed)$"), timeout=timeout)
    reached = wizard.get_attribute("data-engine-state")
    assert reached == state, f"engine {reached}: {page.locator('#wz-status-text').inner_text()}"
