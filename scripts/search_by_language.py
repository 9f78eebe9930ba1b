"""One search index per language, beside the one MkDocs writes.

    python -m scripts.search_by_language site

The search plugin writes one `search/search_index.json` for all four
languages (110 kB with brotli), and Material fetches it on every page's first
view, though a reader searches in one language only. This writes
`search/search_index.<lang>.json` (about 28 kB each) with the same config and
the documents under that language's URL prefix (the default language at the
root); the page's search-language.js asks for its own language's file. The
full index stays for the offline copy (it has its own build) and as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES

INDEX = Path("search") / "search_index.json"


def language_of(location: str) -> str:
    first = location.split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def split(index: dict) -> dict[str, dict]:
    by_language: dict[str, list] = {lang: [] for lang in LANGUAGES}
    for doc in index["docs"]:
        by_language[language_of(doc["location"])].append(doc)
    return {lang: {"config": index["config"], "docs": docs} for lang, docs in by_language.items()}


def index_path(site: Path, lang: str) -> Path:
    return site / INDEX.with_name(f"search_index.{lang}.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    source = args.site / INDEX
    if not source.is_file():
        print(f"search_by_language: {source} missing (mkdocs build first)", file=sys.stderr)
        return 1
    for lang, index in split(json.loads(source.read_text(encoding="utf-8"))).items():
        if not index["docs"]:
            print(f"search_by_language: no page in {lang!r}", file=sys.stderr)
            return 1
        index_path(args.site, lang).write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
