"""MkDocs hook: every stylesheet and blocking script of a page's <head> is
asked for at once, not one round trip after another.

A browser normally finds them all early: while a blocking script runs, its
preload scanner reads ahead and starts the downloads that follow. Chromium's
scanner stops at a `<meta http-equiv="Content-Security-Policy">` (measured
here, `/wizard/` on the benchmark's 4G line: with the policy, search-language.js
and sw-register.js were asked for only after the script before each had run,
1.1 s after navigation for the wizard's engine to start; without it, all at
once). Our policy is that meta, at the top of <head> (overrides/main.html),
and it must stay there: a host may send no header.

So each such file gets a `<link rel="preload">`, all of them just before the
first. The parser itself reads those (they are not left to the scanner), so
every file is on its way while the first blocking script downloads, and the
page's scripts still run in their written order. Body scripts are left alone: the
page is readable without them, and on a slow line they would share it with
the stylesheets it needs to paint.

Runs for pages and for static templates such as 404.html.
"""

from __future__ import annotations

import re

POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
HEAD_END = re.compile(r"</head>", re.I)
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>', re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HREF = re.compile(r'\bhref="([^"]+)"')
SRC = re.compile(r'\bsrc="([^"]+)"')
# A script that does not hold the parser: nothing to gain from preloading it
# (async and module scripts are fetched at once anyway, defer ones run last).
NOT_BLOCKING = re.compile(r'\b(async|defer)\b|\btype="module"', re.I)
PRELOADED = re.compile(r'<link\b[^>]*\brel="(?:module)?preload"[^>]*\bhref="([^"]+)"', re.I)


def blocking_files(head: str) -> list[tuple[str, str]]:
    """(url, as) of each stylesheet and parser-blocking script, in page order."""
    found = []
    for match in re.finditer(f"{STYLESHEET.pattern}|{SCRIPT.pattern}", head, re.I):
        tag = match.group(0)
        if tag.lower().startswith("<link"):
            href = HREF.search(tag)
            if href:
                found.append((href.group(1), "style"))
        else:
            src = SRC.search(tag)
            if src and not NOT_BLOCKING.search(match.group(1) or ""):
                found.append((src.group(1), "script"))
    return found


def add_preloads(html: str) -> str:
    meta = POLICY_META.search(html)
    end = HEAD_END.search(html)
    if not meta or not end or end.start() < meta.end():
        return html  # not a page of ours (overrides/main.html writes the policy)
    head = html[meta.end():end.start()]
    already = set(PRELOADED.findall(head))
    files = [(url, kind) for url, kind in blocking_files(head) if url not in already]
    if not files:
        return html
    links = "".join(f'<link rel="preload" href="{url}" as="{kind}">' for url, kind in files)
    # Just before the first of them: the page's own preloads above it (the
    # wizard's engine files, overrides/wizard.html) keep their place at the
    # front of the queue, and the parser reads these before anything holds it.
    at = meta.end() + first_blocking(head)
    return html[:at] + links + html[at:]


def first_blocking(head: str) -> int:
    """Offset in `head` of its first stylesheet or parser-blocking script."""
    for match in re.finditer(f"{STYLESHEET.pattern}|{SCRIPT.pattern}", head, re.I):
        tag = match.group(0)
        if tag.lower().startswith("<link") or (SRC.search(tag) and not NOT_BLOCKING.search(match.group(1) or "")):
            return match.start()
    return 0


def on_post_page(output, page, config):
    return add_preloads(output)


def on_post_template(output_content, template_name, config):
    return add_preloads(output_content)
