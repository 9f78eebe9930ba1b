"""Translations as PO files, for native reviewers who do not read YAML.

    python -m scripts.translations export [DIR]      # DIR/<lang>.po for every language but Russian
    python -m scripts.translations import FILE.po …  # write reviewed msgstr back into content/

One PO entry per translatable text of `content/`:
- msgctxt is where the text lives: `<file id>:<path>`, list items named by their
  `id`, `number` or `row` when they have one (`diseases:diseases[id=measles].name`);
- msgid is the Russian text, the base every translation is made from;
- msgstr is the text in the file's language.

Texts held verbatim from a source document (the seeds in `content/sources/`) are
authoritative: they are exported with the flag `authoritative` and a comment
naming the seed, and an import that changes one is refused. A text counts as
verbatim in a language when it is found, whitespace aside, in a seed of that
language: that is what "verbatim" means, so no second list can drift from it.

The import edits `content/` in place, text by text, so that comments, order and
layout of the YAML stay as they are: it rewrites only the scalar it changes (or
adds the missing language key to its map). An entry whose Russian has changed
since the export is stale: it is skipped and reported, never applied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from scripts.content import CONTENT_DIR, DEFAULT_LANGUAGE, LANGUAGES, ROOT, content_files, path_id

SOURCES_DIR = CONTENT_DIR / "sources"
# Seed files by language (content/sources/README.md). Seed 002 holds the English
# text and, from the line that starts the Kazakh text, the Kazakh one: as a
# substring test, reading the whole file for both languages is equivalent.
SEED_LANGUAGES = {"000": ("ru",), "001": ("ky",), "002": ("en", "kk"), "003": ("kk",), "004": ("ru",)}
LABEL_KEYS = ("id", "number", "row")
AUTHORITATIVE_FLAG = "authoritative"


class RefusedError(Exception):
    """An import that would change an authoritative text, or a malformed file."""


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_texts(root: Path = SOURCES_DIR) -> dict[str, list[tuple[str, str]]]:
    """language -> [(seed file name, normalised text)]."""
    seeds: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(root.glob("0*.txt")):
        for lang in SEED_LANGUAGES.get(path.name[:3], ()):
            seeds.setdefault(lang, []).append((path.name, normalise(path.read_text(encoding="utf-8"))))
    return seeds


def verbatim_seed(text: str, lang: str, seeds: dict[str, list[tuple[str, str]]]) -> str | None:
    """The seed that holds `text` verbatim in `lang`, if any."""
    needle = normalise(text)
    if not re.search(r"\w", needle):
        return None
    for name, haystack in seeds.get(lang, []):
        if needle in haystack:
            return name
    return None


# --- Finding translatable texts with their place in the file -------------------------

@dataclass
class Text:
    """One translatable map of a content file, with the YAML nodes it came from."""
    context: str
    node: yaml.MappingNode
    values: dict[str, str]
    scalars: dict[str, yaml.ScalarNode]


def _is_translatable(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return False
    keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    return (len(keys) == len(node.value) and DEFAULT_LANGUAGE in keys
            and all(k in LANGUAGES for k in keys)
            and all(isinstance(v, yaml.ScalarNode) and v.tag.endswith(":str") for _, v in node.value))


def _label(item: yaml.Node, index: int) -> str:
    if isinstance(item, yaml.MappingNode):
        for key in LABEL_KEYS:
            for k, v in item.value:
                if k.value == key and isinstance(v, yaml.ScalarNode):
                    return f"[{key}={v.value}]"
    return f"[{index}]"


def _walk(node: yaml.Node, path: str) -> Iterator[tuple[str, yaml.MappingNode]]:
    if _is_translatable(node):
        yield path, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(value, f"{path}.{key.value}" if path else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}{_label(item, index)}")


def texts_of(path: Path, source: str | None = None, root: Path = CONTENT_DIR) -> list[Text]:
    source = path.read_text(encoding="utf-8") if source is None else source
    tree = yaml.compose(source, Loader=yaml.SafeLoader)
    file_id = path_id(path, root)
    found = []
    for where, node in _walk(tree, "") if tree is not None else ():
        scalars = {k.value: v for k, v in node.value}
        values = {lang: scalar.value for lang, scalar in scalars.items()}
        found.append(Text(f"{file_id}:{where}", node, values, scalars))
    return found


def target_languages() -> list[str]:
    return [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


# --- Export --------------------------------------------------------------------------

def catalog_for(lang: str, files: list[Path], seeds: dict[str, list[tuple[str, str]]],
                root: Path = CONTENT_DIR) -> Catalog:
    catalog = Catalog(locale=lang, domain="content", project="migrant-health-kz",
                      header_comment=(f"# Texts of content/ in {lang}, msgid in Russian.\n"
                                      "# Entries flagged 'authoritative' are verbatim from a source\n"
                                      "# document: they cannot be changed here."))
    for path in files:
        for text in texts_of(path, root=root):
            flags, comments = [], []
            current = text.values.get(lang, "")
            seed = verbatim_seed(current, lang, seeds) if current else None
            if seed:
                flags.append(AUTHORITATIVE_FLAG)
                comments.append(f"verbatim from content/sources/{seed}: read-only")
            catalog.add(text.values[DEFAULT_LANGUAGE], current, context=text.context,
                        flags=flags, auto_comments=comments)
    return catalog


def export(into: Path, languages: list[str] | None = None, root: Path = CONTENT_DIR) -> list[Path]:
    files = content_files(root)
    seeds = seed_texts()
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in languages or target_languages():
        out = into / f"{lang}.po"
        with out.open("wb") as handle:
            write_po(handle, catalog_for(lang, files, seeds, root), width=0, omit_header=False)
        written.append(out)
    return written


# --- Import --------------------------------------------------------------------------

def _quoted(text: str) -> str:
    # JSON strings are valid double-quoted YAML scalars, on one line, whatever the text.
    return json.dumps(text, ensure_ascii=False)


def _line_indent(source: str, index: int) -> str:
    start = source.rfind("\n", 0, index) + 1
    line = source[start:index]
    return line[:len(line) - len(line.lstrip(" "))]


def _edit(source: str, text: Text, lang: str, value: str) -> tuple[int, int, str]:
    """(start, end, replacement) in `source` that sets `text`'s `lang` to `value`."""
    if lang in text.scalars:
        scalar = text.scalars[lang]
        start, end = scalar.start_mark.index, scalar.end_mark.index
        span = source[start:end]
        # A block scalar (| or >) ends after its line break: keep that break.
        tail = span[len(span.rstrip("\n")):] if span[:1] in "|>" else ""
        return start, end, _quoted(value) + tail
    last_key, last_value = text.node.value[-1]
    end = last_value.end_mark.index
    if text.node.flow_style:
        return end, end, f", {lang}: {_quoted(value)}"
    line = f"{_line_indent(source, last_key.start_mark.index)}{lang}: {_quoted(value)}"
    # A block scalar's node ends after its line break; a plain or quoted one before it.
    if source[end - 1:end] == "\n":
        return end, end, line + "\n"
    return end, end, "\n" + line


@dataclass
class ImportReport:
    changed: list[str]
    stale: list[str]
    unknown: list[str]


def import_po(po_files: list[Path], root: Path = CONTENT_DIR) -> ImportReport:
    """Apply every changed msgstr; refuse the whole import if one is authoritative."""
    seeds = seed_texts()
    files = {path_id(p, root): p for p in content_files(root)}
    wanted: dict[str, dict[str, tuple[str, str, str]]] = {}  # file id -> context -> (lang, msgid, msgstr)
    for po in po_files:
        with po.open("rb") as handle:
            catalog = read_po(handle)
        lang = str(catalog.locale) if catalog.locale else po.stem
        if lang not in target_languages():
            raise RefusedError(f"{po}: language {lang!r} is not a translation language of the site")
        for message in catalog:
            if not message.id or not message.context:
                continue
            file_id, _, _ = message.context.partition(":")
            wanted.setdefault(file_id, {})[f"{lang}\0{message.context}"] = (lang, message.id, message.string or "")
    report = ImportReport([], [], [])
    edits_by_file: dict[Path, list[tuple[int, int, str]]] = {}
    for file_id, entries in wanted.items():
        path = files.get(file_id)
        if path is None:
            report.unknown.extend(key.split("\0", 1)[1] for key in entries)
            continue
        source = path.read_text(encoding="utf-8")
        by_context = {t.context: t for t in texts_of(path, source, root)}
        for key, (lang, msgid, msgstr) in entries.items():
            context = key.split("\0", 1)[1]
            text = by_context.get(context)
            if text is None:
                report.unknown.append(context)
                continue
            if normalise(text.values[DEFAULT_LANGUAGE]) != normalise(msgid):
                report.stale.append(f"{lang} {context}")
                continue
            current = text.values.get(lang)
            if not msgstr or msgstr == current:
                continue
            if current and verbatim_seed(current, lang, seeds):
                raise RefusedError(f"{lang} {context}: this text is verbatim from a source document "
                                   "and cannot be changed by a translation")
            edits_by_file.setdefault(path, []).append(_edit(source, text, lang, msgstr))
            report.changed.append(f"{lang} {context}")
    for path, edits in edits_by_file.items():
        source = path.read_text(encoding="utf-8")
        for start, end, replacement in sorted(edits, reverse=True):
            source = source[:start] + replacement + source[end:]
        yaml.safe_load(source)  # the edit must leave valid YAML, or nothing is written
        path.write_text(source, encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.translations", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="write one PO file per translation language")
    ex.add_argument("into", nargs="?", type=Path, default=ROOT / "build" / "translations")
    ex.add_argument("--language", action="append", choices=target_languages())
    im = sub.add_parser("import", help="write reviewed PO files back into content/")
    im.add_argument("po", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "export":
        for path in export(args.into, args.language):
            print(f"wrote {path}")
        return 0
    try:
        report = import_po(args.po)
    except RefusedError as error:
        print(f"refused, nothing written: {error}", file=sys.stderr)
        return 2
    for line in report.changed:
        print(f"changed {line}")
    for line in report.stale:
        print(f"skipped (the Russian changed since the export): {line}", file=sys.stderr)
    for line in report.unknown:
        print(f"skipped (no such text in content/): {line}", file=sys.stderr)
    print(f"{len(report.changed)} changed, {len(report.stale)} stale, {len(report.unknown)} unknown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
