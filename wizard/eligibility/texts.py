"""Reading the content the caller passed in: localized strings, citations and
dated values. No I/O: everything comes from the `content` mapping."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .model import Citation

LOCATOR_KEYS = ("row", "item", "step", "subparagraph")


def languages(content: dict[str, Any]) -> tuple[str, ...]:
    """The site's language codes, default first. The caller passes them in
    (`content["languages"]`, read from mkdocs.yml by scripts.content and by
    the CLI): a new language is configuration, not a change here."""
    return tuple(content["languages"])


def default_language(content: dict[str, Any]) -> str:
    return content["languages"][0]


def localized(text: dict[str, str], lang: str) -> str:
    """The `lang` string of a translatable map (one string per site language)."""
    return text[lang]


# The seeds' texts are kept verbatim in content, Markdown included: bold
# (`**…**`) and autolinks (`<https://…>`). A result carries plain text (the
# page, the print sheet and the CLI's JSON show it as it is; the page makes
# bare https:// addresses into links), so both are unwrapped here.
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")


def plain(text: str) -> str:
    """`text` without Markdown bold and autolink brackets."""
    return AUTOLINK.sub(r"\1", BOLD.sub(r"\1", text))


def sources(source: Any) -> list[dict[str, Any]]:
    """A `source` is one {document, part, …} map or a list of them."""
    return list(source) if isinstance(source, list) else [source]


def cite(source: Any, content: dict[str, Any], lang: str) -> list[Citation]:
    """Citations for a `source`, labelled in `lang` ("Order No. 665, Rules, para. 5")."""
    documents = content["documents"]
    rules = content["rules/citations"]
    result = []
    for src in sources(source):
        document = documents[src["document"]]
        part = document["parts"][src["part"]]
        label = [localized(part["label"], lang)]
        prefix = document.get("short_title") or rules["prefixes"].get(document["id"], {}).get("text")
        if prefix:
            label.insert(0, localized(prefix, lang))
        locator = None
        for key in LOCATOR_KEYS:
            if key in src:
                locator = localized(rules["locators"][key], lang).format(n=src[key])
                label.append(locator)
                break
        result.append(Citation(
            document=document["id"],
            part=src["part"],
            locator=locator,
            label=", ".join(label),
            page=part["page"],
            anchor=f"{document['id']}-{src['part']}",
            confidence=document.get("confidence", "high"),
        ))
    return result


def dated_value(parameter: dict[str, Any], on: date) -> dict[str, Any] | None:
    """The {value, source} of a dated parameter in force on `on` (the latest
    start date not after it), or None when it has no value yet."""
    in_force = None
    for start, entry in sorted(parameter["values"].items(), key=lambda kv: str(kv[0])):
        if str(start) <= on.isoformat():
            in_force = entry
    return in_force
