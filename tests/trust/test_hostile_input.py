"""Hostile links: whatever stands in the fragment, the wizard shows questions,
a localized error or a result; nothing in it ever executes (traps set by
<img onerror>/<script> payloads stay unsprung), only known question ids reach
the rules engine, and no request leaves the site. The fuzz test drives the
real page: the fragment goes into the address and the wizard follows it."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.content import LANGUAGES

pytestmark = pytest.mark.browser

TRAP_IMG = '<img src=x onerror="window.__pwned=1">'
TRAP_SCRIPT = "<script>window.__pwned=1</script>"
STATES = {"questions", "errors", "result"}


def known(content) -> dict[str, set[str] | None]:
    """Question id -> the option values it accepts (None: free number/list)."""
    ids = {}
    for question in content["questions"]["questions"]:
        options = question.get("options") or []
        ids[question["id"]] = {o["id"] for o in options} if options and question["kind"] == "choice" else None
    return ids


def check_shown(shown: dict, questions: dict, recorded) -> None:
    assert not shown["stuck"], "the engine never answered"
    assert not shown["pwned"], "a payload executed"
    assert shown["state"] in STATES, shown["state"]
    for name, value in shown["radios"]:
        assert value in questions[name], (name, value)
    for request in shown["requests"]:
        sent = json.loads(request)["answers"]
        assert set(sent) <= set(questions), sent
    if shown["state"] == "errors":
        assert shown["errors"] and all(text.strip() for text in shown["errors"])
    assert recorded.foreign == []
    assert recorded.errors == []


HOSTILE = {
    "garbage": "%%%&&&===&=&a",
    "unknown ids": "foo=bar&wizard=1&q-status=citizen",
    "script in a value": f"status={quote(TRAP_SCRIPT)}&age={quote(TRAP_IMG)}",
    "html in a known choice": f"status=temporary&purpose={quote(TRAP_IMG)}&country={quote(TRAP_SCRIPT)}&care=planned",
    "html in a number": f"status=citizen&age={quote(TRAP_IMG)}&osms=insured&care=planned",
    "raw html, not encoded": f"status=asylum&country=AF&age=<img src=x onerror=window.__pwned=1>&dms=no&care=planned",
    "huge number": "status=citizen&age=" + "9" * 5000 + "&osms=insured&care=planned",
    "one megabyte of text": "status=citizen&age=30&osms=insured&care=planned&condition=" + "x" * 1_000_000,
    "a megabyte in a number": "status=citizen&age=" + "1" * 1_000_000 + "&osms=insured&care=planned",
    "repeated keys": "status=citizen&status=asylum&status=" + quote(TRAP_IMG) + "&care=planned&care=emergency",
    "percent-encoding errors": "status=%E0%A4%A&age=%zz%&care=%&osms=%C3%28",
    "prototype keys": "__proto__=1&constructor=x&prototype=y&hasOwnProperty=z&status=__proto__&care=constructor",
    "prototype in a choice": "status=citizen&age=30&osms=__proto__&care=toString",
    "negative and fractional": "status=citizen&age=-1&osms=insured&care=planned&months=1.5e400",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_link_is_handled(wizards, recorded, content, name):
    wizard = wizards("en")
    shown = wizard.follow_fragment(HOSTILE[name])
    check_shown(shown, known(content), recorded)
    # The form shows no value that is not one of its options.
    for select_name, value in shown["selects"]:
        assert value == "" or wizard.page.locator(f'select[name="{select_name}"] option[value="{value}"]').count()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bad_value_gives_an_error_in_the_page_language(wizards, recorded, content, lang):
    shown = wizards(lang).follow_fragment(f"status=citizen&age={quote(TRAP_IMG)}&osms=insured&care=planned")
    check_shown(shown, known(content), recorded)
    assert shown["state"] == "errors"
    # Each line is "<question>: <message>", the message in the page's language.
    messages = [e["text"][lang].split("{")[0].strip() for e in content["rules/errors"]["errors"].values()]
    for line in shown["errors"]:
        assert any(m and m in line for m in messages), (lang, line)
    assert wizards(lang).page.locator("#wizard img, #wizard script").count() == 0


def fragments(question_ids):
    key = st.one_of(st.sampled_from(sorted(question_ids)), st.sampled_from(
        ["__proto__", "constructor", "toString", "", "q-age", "#", "&", "="]), st.text(max_size=12))
    value = st.one_of(
        st.text(max_size=40),
        st.sampled_from([TRAP_IMG, TRAP_SCRIPT, "javascript:window.__pwned=1", "-1", "1e309", "NaN",
                         "citizen", "temporary", "asylum", "work", "UZ", "AF", "planned", "0", "%", "%zz"]),
        st.integers(min_value=-10**30, max_value=10**30).map(str),
    )
    pair = st.tuples(key, value, st.booleans()).map(
        lambda kv: f"{quote(kv[0]) if kv[2] else kv[0]}={quote(kv[1]) if kv[2] else kv[1]}")
    return st.lists(pair, max_size=12).map("&".join)


def test_fuzzed_fragments_never_break_the_wizard(wizards, recorded, content):
    questions = known(content)
    wizard = wizards("ru")

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(fragment=fragments(questions))
    def follow(fragment):
        check_shown(wizard.follow_fragment(fragment), questions, recorded)

    follow()
