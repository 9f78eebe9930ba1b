"""MkDocs hook: every executed inline script of a built page gets its sha256
in the page's Content-Security-Policy.

overrides/main.html writes the policy as a <meta http-equiv> at the top of
<head> with `script-src 'self' 'wasm-unsafe-eval'`. Material inlines two small
scripts (`__md_scope`/`__md_get` in the head, the content-tab fragment check
in the body) whose text depends on the page's depth, so their hashes are
computed here from the HTML actually written, not typed by hand: a Material
upgrade that changes them changes the hashes with them. JSON data blocks
(`<script type="application/json">`) are not executed and need no hash.

Runs for pages (`on_post_page`) and for static templates such as 404.html
(`on_post_template`). A page without the policy, or with an inline event
handler (which no hash can allow), fails the build.
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError

SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval'"
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
# Types a browser executes (HTML: a JavaScript MIME type essence, or "module").
EXECUTED_TYPES = {"", "text/javascript", "application/javascript", "module",
                  "text/ecmascript", "application/ecmascript"}


def executed_inline_scripts(html: str) -> list[str]:
    scripts = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = TYPE_ATTRIBUTE.search(attrs)
        if (kind.group(1).lower() if kind else "") in EXECUTED_TYPES:
            scripts.append(match.group("body"))
    return scripts


def source_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def add_script_hashes(html: str, where: str) -> str:
    meta = POLICY_META.search(html)
    if not meta or SCRIPT_SRC not in meta.group(1):
        raise PluginError(f"{where}: no Content-Security-Policy <meta> with \"{SCRIPT_SRC}\" "
                          "(overrides/main.html writes it)")
    handler = EVENT_HANDLER.search(html)
    if handler:
        raise PluginError(f"{where}: inline event handler {handler.group(0)!r}: "
                          "the policy allows none; attach it from a script file")
    hashes = sorted({source_hash(body) for body in executed_inline_scripts(html)})
    policy = meta.group(1).replace(SCRIPT_SRC, " ".join([SCRIPT_SRC, *hashes]), 1)
    return html[:meta.start(1)] + policy + html[meta.end(1):]


def on_post_page(output: str, page, config, **kwargs) -> str:
    return add_script_hashes(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return add_script_hashes(output_content, template_name)
