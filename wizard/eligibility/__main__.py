"""python -m eligibility --answers '<json or file>' [--date YYYY-MM-DD] [--lang ru|kk|ky|en] [--content DIR]

Prints the result JSON; on bad input prints {"errors": [...]} and exits 2.
The CLI is a caller: it reads files; the rules it calls do not."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from . import CONTENT_KEYS, evaluate
from .validation import MAX_REQUEST_CHARS, ValidationError, error


def load_content_dir(root: Path) -> dict[str, Any]:
    """The CONTENT_KEYS of a content/ directory, read as scripts.content.load_content()
    reads them; repeated here because the installed package (a wheel) has no
    scripts/ beside it and --content may point anywhere."""
    import yaml  # the CLI runs in the project's environment; the rules never import yaml

    content: dict[str, Any] = {"documents": {}, "languages": site_languages(root.parent / "mkdocs.yml")}
    for path in sorted((root / "documents").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        content["documents"][document["id"]] = document
    for key in CONTENT_KEYS:
        if key not in content:
            content[key] = yaml.safe_load((root / f"{key}.yaml").read_text(encoding="utf-8"))
    return content


def site_languages(config: Path) -> list[str]:
    """The language codes of mkdocs.yml's i18n plugin, default first: as
    scripts.content.site_languages reads them (repeated for the same reason)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # MkDocs' !ENV and python tags
    if not config.is_file():
        raise SystemExit(f"{config} not found: the site's languages are configured there")
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    entries = next(p["i18n"]["languages"] for p in data["plugins"] if isinstance(p, dict) and "i18n" in p)
    return sorted((e["locale"] for e in entries), key=lambda code: not any(
        e.get("default") for e in entries if e["locale"] == code))


def find_content_dir(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "content" / "questions.yaml").is_file():
            return folder / "content"
    raise SystemExit("content/ not found: run inside the repository or pass --content DIR")


def read_answers(text: str) -> Any:
    """The --answers value: a JSON text, or the path of a file holding one."""
    stripped = text.lstrip()
    if not stripped.startswith("{") and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    if len(text) > MAX_REQUEST_CHARS:
        raise ValueError("too_large")
    return json.loads(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eligibility", description=__doc__.splitlines()[0])
    parser.add_argument("--answers", required=True)
    parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--lang", default=None, help="a language of the site (mkdocs.yml); default: its default language")
    parser.add_argument("--content", type=Path, default=None)
    args = parser.parse_args(argv)
    content = load_content_dir(args.content or find_content_dir(Path.cwd()))
    try:
        try:
            answers = read_answers(args.answers)
        except ValueError as problem:
            code = "too_large" if str(problem) == "too_large" else "bad_json"
            raise ValidationError([error(content, args.lang, "answers", code)]) from None
        try:
            on = None if args.date is None else date.fromisoformat(args.date)
        except ValueError:
            raise ValidationError([error(content, args.lang, "date", "bad_date")]) from None
        result = evaluate(answers, content, on=on, lang=args.lang)
    except ValidationError as problem:
        print(json.dumps({"errors": problem.errors}, ensure_ascii=False, indent=2))
        return 2
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through main() in tests
    sys.exit(main())
