"""Content Security Policy: every built page carries it before any script or
style; every inline script the browser would execute has its hash in it (a
new inline script without one fails here); nothing in the pages or in the
wizard's flows violates it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re

import html5lib
import pytest
from playwright.sync_api import expect

from scripts.content import LANGUAGES
from tests.trust.conftest import FLOWS

pytestmark = pytest.mark.browser

NS = "{http://www.w3.org/1999/xhtml}"
# What a JavaScript MIME type or a module is (HTML § 4.12.1.1); anything else
# (application/json) is data and is not executed.
EXECUTED = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
            "application/ecmascript"}
EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "worker-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def parse(path):
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=True)


def policy_of(document) -> tuple[dict[str, list[str]], int]:
    head = document.find(f"{NS}head")
    metas = [(i, el) for i, el in enumerate(head) if el.tag == f"{NS}meta"
             and (el.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1, "exactly one CSP <meta> in <head>"
    index, meta = metas[0]
    directives = {}
    for part in meta.get("content").split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives, index


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def html_files(site):
    return [p for p in sorted(site.rglob("*.html")) if "engine" not in p.relative_to(site).parts]


def test_every_page_has_the_policy_before_any_script_or_style(built_site):
    for path in html_files(built_site):
        document = parse(path)
        policy, index = policy_of(document)
        head = list(document.find(f"{NS}head"))
        earlier = [el.tag for el in head[:index] if el.tag in (f"{NS}script", f"{NS}style")
                   or (el.tag == f"{NS}link" and "stylesheet" in (el.get("rel") or ""))]
        assert not earlier, f"{path}: {earlier} before the policy"
        for name, values in EXPECTED_POLICY.items():
            assert policy.get(name) == values, f"{path}: {name} {policy.get(name)}"
        script_src = policy["script-src"]
        assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"], path
        assert all(v.startswith("'sha256-") for v in script_src[2:]), path
        # Never a loosening keyword, and no directive a <meta> cannot carry.
        text = " ".join(" ".join(v) for v in policy.values())
        for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "blob:", "*", "http:", "https:"):
            assert loose not in text.split(), f"{path}: {loose}"
        assert "frame-ancestors" not in policy


def test_every_executed_inline_script_has_its_hash_and_no_hash_is_stale(built_site):
    checked = 0
    for path in html_files(built_site):
        document = parse(path)
        policy, _ = policy_of(document)
        hashes = set(policy["script-src"][2:])
        needed = set()
        for script in document.iter(f"{NS}script"):
            if script.get("src") is not None:
                continue
            if (script.get("type") or "").strip().lower() not in EXECUTED:
                continue
            needed.add(sha256_source(script.text or ""))
        assert needed <= hashes, f"{path}: inline script without its hash"
        assert hashes == needed, f"{path}: hash of no script on the page"
        checked += len(needed)
    assert checked > 0  # Material's head script is on every page


def test_no_inline_handler_style_or_javascript_url(built_site):
    offenders = []
    for path in html_files(built_site):
        for element in parse(path).iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                name = name.lower() if isinstance(name, str) else name
                if isinstance(name, str) and name.startswith("on"):
                    offenders.append(f"{path}: <{element.tag[len(NS):]} {name}>")
                if name == "style":
                    offenders.append(f"{path}: <{element.tag[len(NS):]} style={value!r}>")
                if name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                    offenders.append(f"{path}: {name}={value!r}")
        if re.search(rb"<style[\s>]", path.read_bytes()):
            offenders.append(f"{path}: <style> element")
    assert not offenders, "\n".join(offenders[:30])


def test_the_build_hook_hashes_new_inline_scripts_and_refuses_handlers():
    from mkdocs.exceptions import PluginError

    from scripts.csp import add_script_hashes

    page = ('<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
            'script-src \'self\' \'wasm-unsafe-eval\'"></head><body>'
            '<script>var a = 1;</script><script type="application/json">{}</script>'
            '<script src="x.js"></script></body></html>')
    built = add_script_hashes(page, "test")
    assert sha256_source("var a = 1;") in built
    assert sha256_source("{}") not in built and sha256_source("") not in built
    with pytest.raises(PluginError):
        add_script_hashes(page.replace("<body>", '<body><img src="x" onerror="alert(1)">'), "test")
    with pytest.raises(PluginError):
        add_script_hashes("<html><head></head><body><script>1</script></body></html>", "test")


def test_no_page_violates_the_policy_in_chromium(crawl, recorded):
    violated = {page: v for page, v in crawl["violations"].items() if v}
    assert not violated, violated
    policy_messages = [m for m in recorded.console if "Content Security Policy" in m]
    assert not policy_messages, policy_messages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_wizard_never_violates_the_policy(wizards, recorded, lang):
    wizard = wizards(lang)
    page = wizard.page
    for answers in FLOWS.values():
        wizard.restart()
        wizard.answer(answers)
        wizard.submit()
    # The print sheet draws the QR code (SVG from the worker) into the page.
    wizard.open_print_sheet()
    expect(page.locator("#wz-print .wz-print-qr svg")).to_have_count(1)
    assert recorded.violations(page) == []
    assert not [m for m in recorded.console if "Content Security Policy" in m]
    assert recorded.errors == []
