"""Builds the wizard's browser engine: Pyodide, our rules as a wheel, their data.

    python -m scripts.build_engine [--into site]

Writes `build/engine/`:

- `eligibility-<version>-py3-none-any.whl`: the rules package `wizard/`, built
  offline with flit_core (`pip wheel --no-deps --no-build-isolation`);
- `segno-<version>-py3-none-any.whl`: the QR-code library, repacked from the
  copy installed in the venv. pip installed that copy from requirements.lock
  with `--require-hashes`, so the bytes are the pinned release; repacking it
  needs no network at build time;
- `content-<languages>.json`, one per site language (`content-ru-en.json`
  for the English page; the Russian and Kazakh pages share `content-ru-kk.json`): the `eligibility.CONTENT_KEYS`
  subset of `load_content()` with every translatable map (`{ru: …, kk: …}`)
  cut to the two languages a wizard page asks the rules for, its own and its
  print sheet's (`scripts.content.print_language`), and `languages` to those
  two, the default first. A page downloads only its own (about 50 KB with
  brotli instead of 114 KB for all five);
- `content.json`: the whole subset, every language, for the build-time tools
  that run every rule case (scripts/trim_stdlib.py, tests/pyodide/run_cases.mjs).
  It is not copied into the site;
- the four Pyodide files pure Python needs, copied from `node_modules/pyodide`
  (never a CDN: the site must work offline and load nothing from other hosts),
  `python_stdlib.zip` trimmed by `scripts/trim_stdlib.py` to the modules the
  rules import (measured and proven under Pyodide; `--full-stdlib` skips it),
  `python_stdlib_compiled.zip`, the same modules as bytecode made by
  Pyodide's interpreter (the engine picks one of the two by connection, see
  `chooseStandardLibrary` in wizard/engine/engine.js; the build fails unless
  both hold the same modules and pass every rule case),
  and `python_stdlib_printing.zip`, the modules only segno imports, fetched
  with segno;
- `engine-start.js`, `engine.js`, `worker.js`, `transport-file.js` and `wizard.js` from
  `wizard/engine/` (their only source; transport-file.js serves only the
  offline copy, see scripts/build_offline.py);
- `manifest.json`: file sizes (the progress bar's totals; both standard
  libraries and every language's content are listed, the engine counts the
  ones it downloads), `content` (language -> its content file) and
  `default_language` (whose file an unknown language gets), the
  standard libraries by kind (`stdlib`: source, compiled), the wheels to
  install at start, the files fetched on demand (segno and its stdlib zip,
  only for printing),
  and Pyodide's lock `info` so the engine can pass `lockFileContents`
  with an empty package map instead of fetching the 119 KB `pyodide-lock.json`;
- `cases.json`: the rule test cases of `tests/rules/cases/*.yaml` as JSON, for
  `tests/pyodide/run_cases.mjs` (Node has no YAML parser and we add no npm
  dependency). It is not copied into the site.

With `--into site` it then copies the engine once into `site/engine/<hash>/`,
`<hash>` being a digest of every file in it, and points the wizard pages'
script at that folder: one copy serves every language (`/wizard/` and
`/en/wizard/` reach it by a relative URL), and since a changed file changes
the folder, hosts can cache the engine for a year (`immutable`) while a new
build is still picked up at once (the HTML is revalidated).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from scripts.content import DEFAULT_LANGUAGE, LANGUAGES, ROOT, load_content, print_language

BUILD_DIR = ROOT / "build" / "engine"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
ENGINE_SOURCE_DIR = ROOT / "wizard" / "engine"
WIZARD_PACKAGE_DIR = ROOT / "wizard"
CASES_DIR = ROOT / "tests" / "rules" / "cases"
LOCK_FILE = ROOT / "requirements.lock"

# What pure Python needs from Pyodide (PLATFORM-NOTES): no package from its lock.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
ENGINE_SCRIPTS = ("engine-start.js", "engine.js", "worker.js", "transport-file.js", "wizard.js")
# Only for printing (the QR code): not downloaded until a sheet is printed.
ON_DEMAND = ("segno",)
PRINTING_STDLIB = "python_stdlib_printing.zip"
# The two standard libraries (the same modules): engine.js downloads one.
SOURCE_STDLIB = "python_stdlib.zip"
COMPILED_STDLIB = "python_stdlib_compiled.zip"
# The page's script tags, as overrides/wizard.html writes them (relative URL),
# or as an earlier copy into the same site left it.
WIZARD_SCRIPT = re.compile(r'(<script src="[^"]*?engine/)(?:[0-9a-f]{16}/)?((?:wizard|engine-start)\.js")')
# overrides/wizard.html's preload links to the engine's first files (and
# scripts/preload_hook.py's to engine-start.js).
ENGINE_PRELOAD = re.compile(r'(<link rel="(?:module)?preload" href="[^"]*?engine/)(?:[0-9a-f]{16}/)?'
                            r'((?:wizard\.js|engine-start\.js|worker\.js(?:\?lang=[a-z]+)?|engine\.js|pyodide\.mjs)")')
# Files the browser downloads and the progress bar counts, besides the wheels
# and the standard library it picks.
# (Of the content files, one per language, the engine counts its page's.)
COUNTED_FILES = ("pyodide.asm.mjs", "pyodide.asm.wasm")
# A fixed date inside the zip makes rebuilt wheels byte-identical, so browser
# caches stay valid across builds that change nothing.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = 315532800  # ZIP_DATE, for flit_core (the rules wheel)


def build_rules_wheel(into: Path) -> Path:
    """The `eligibility` wheel, built by flit_core from the local sources."""
    for old in into.glob("eligibility-*.whl"):
        old.unlink()
    # flit_core dates each file by its mtime, which a fresh checkout sets to
    # the checkout's time: the wheel, and with it the engine folder's hash,
    # would change on every deploy, and every returning visitor would
    # download the whole engine again. SOURCE_DATE_EPOCH fixes the dates.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--wheel-dir", str(into), str(WIZARD_PACKAGE_DIR)],
        check=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
    )
    (wheel,) = into.glob("eligibility-*.whl")
    wheel.chmod(0o644)  # pip writes it owner-only; a web server may run as another user
    return wheel


def pinned_version(name: str, lock: Path = LOCK_FILE) -> str:
    match = re.search(rf"^{re.escape(name)}==([^\s\\]+)", lock.read_text(encoding="utf-8"), re.MULTILINE | re.IGNORECASE)
    if not match:
        raise SystemExit(f"{name} is not pinned in {lock.name}")
    return match.group(1)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def repack_installed_wheel(name: str, into: Path) -> Path:
    """A wheel of the installed distribution `name`, checked against its RECORD.

    Only files inside site-packages go in (not console scripts, not
    `__pycache__`, not pip's INSTALLER/REQUESTED/direct_url.json); each file's
    hash must match the RECORD pip wrote from the verified wheel.
    """
    dist = importlib.metadata.distribution(name)
    version = dist.version
    pinned = pinned_version(name)
    if version != pinned:
        raise SystemExit(f"{name} {version} is installed but requirements.lock pins {pinned}: run `make deps`")
    site_packages = Path(dist.locate_file(""))
    dist_info = f"{dist.metadata['Name'].replace('-', '_')}-{version}.dist-info"
    skipped = {f"{dist_info}/{n}" for n in ("INSTALLER", "REQUESTED", "RECORD", "direct_url.json")}
    members: list[tuple[str, bytes]] = []
    for entry in dist.files or []:
        path = entry.as_posix()
        if path.startswith("../") or "__pycache__" in path or path in skipped:
            continue
        data = (site_packages / path).read_bytes()
        if entry.hash is not None and _record_hash(data) != f"{entry.hash.mode}={entry.hash.value}":
            raise SystemExit(f"{name}: {path} differs from the installed RECORD; reinstall with `make deps`")
        members.append((path, data))
    members.sort()
    record_lines = [f"{path},{_record_hash(data)},{len(data)}" for path, data in members]
    record_lines.append(f"{dist_info}/RECORD,,")
    members.append((f"{dist_info}/RECORD", ("\n".join(record_lines) + "\n").encode()))
    wheel = into / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in members:
            info = zipfile.ZipInfo(path, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return wheel


def rules_content() -> dict:
    """The content the rules need, and nothing more (it is downloaded)."""
    import eligibility

    content = load_content()
    missing = [key for key in eligibility.CONTENT_KEYS if key not in content]
    if missing:
        raise SystemExit(f"content/ lacks what the rules need: {', '.join(missing)}")
    return {key: content[key] for key in eligibility.CONTENT_KEYS}


def content_file(lang: str) -> str:
    """Named by the languages it holds: the Russian and the Kazakh page both
    ask for Russian and Kazakh, and share one file (one download for a
    visitor who switches between them)."""
    return f"content-{'-'.join(page_languages(lang))}.json"


def page_languages(lang: str) -> list[str]:
    """The languages a wizard page in `lang` asks the rules for: its own and
    its print sheet's, in the site's order, so the default comes first
    (eligibility.texts.default_language reads `languages[0]`; the rules fall
    back to it and word their errors about an unknown language in it)."""
    wanted = {lang, print_language(lang), DEFAULT_LANGUAGE}  # the default is one of the two today
    return [code for code in LANGUAGES if code in wanted]


def translatable(value) -> bool:
    """A translatable map ({ru: …, kk: …, …}): told by its keys, not by where
    it sits, so a new text anywhere in content is cut like every other. A
    non-empty dict whose keys are all site languages, the default among them."""
    return (isinstance(value, dict) and bool(value) and DEFAULT_LANGUAGE in value
            and all(key in LANGUAGES for key in value))


def keep_languages(data, keep: list[str]):
    """`data` with every translatable map cut to the languages in `keep`;
    everything else as it was."""
    if translatable(data):
        return {key: keep_languages(value, keep) for key, value in data.items() if key in keep}
    if isinstance(data, dict):
        return {key: keep_languages(value, keep) for key, value in data.items()}
    if isinstance(data, list):
        return [keep_languages(item, keep) for item in data]
    return data


def page_content(content: dict, lang: str) -> dict:
    """What the engine of a wizard page in `lang` downloads (content-<languages>.json)."""
    keep = page_languages(lang)
    cut = keep_languages({key: value for key, value in content.items() if key != "languages"}, keep)
    cut["languages"] = keep
    return cut


def rule_cases() -> list[dict]:
    """Every rule case with the file it came from, in a stable order."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases.append({"file": path.relative_to(ROOT).as_posix(),
                      "cases": yaml.safe_load(path.read_text(encoding="utf-8"))})
    return cases


def jsonable(data):
    """YAML dates (values and the keys of dated values) as ISO strings, as JSON needs."""
    if isinstance(data, dict):
        return {(key.isoformat() if isinstance(key, dt.date) else key): jsonable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [jsonable(item) for item in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(jsonable(data), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def step(message: str) -> None:
    print(message, flush=True)


def build(into: Path = BUILD_DIR, *, full_stdlib: bool = False) -> dict:
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    # Said as it happens: the whole build is a minute or more of silence otherwise.
    step("engine: building the rules wheel (wizard/) and repacking segno…")
    wheels = [build_rules_wheel(into).name]
    on_demand = {name: repack_installed_wheel(name, into).name for name in ON_DEMAND}
    content = rules_content()
    write_json(into / "content.json", content)  # for the build's own tools only (SITE_EXCLUDED)
    contents = {lang: content_file(lang) for lang in LANGUAGES}
    for lang, name in contents.items():
        write_json(into / name, page_content(content, lang))  # a shared file is written twice, alike
    write_json(into / "cases.json", rule_cases())
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_DIR / name, into / name)
    if not full_stdlib:
        from scripts.trim_stdlib import TrimError, trim

        step("engine: trimming Python's standard library to what the rules import "
             "(runs every rule case under Pyodide, about a minute)…")
        try:
            # What only the QR code needs (segno and the modules it alone
            # imports) is fetched when a sheet is printed, not at start.
            report = trim(PYODIDE_DIR / "python_stdlib.zip", [into / w for w in (*wheels, *on_demand.values())],
                          into / "cases.json", into / "python_stdlib.zip",
                          printing_out=into / PRINTING_STDLIB, compiled_out=into / COMPILED_STDLIB)
        except TrimError as error:
            raise SystemExit(f"build_engine: {error}") from None
        on_demand["segno_stdlib"] = PRINTING_STDLIB
        print(report.summary())
    if full_stdlib:
        # For telling a trimming problem from a rules problem: the whole
        # source zip under both names, whichever the engine picks.
        shutil.copy2(into / SOURCE_STDLIB, into / COMPILED_STDLIB)
    stdlib = {"source": SOURCE_STDLIB, "compiled": COMPILED_STDLIB}
    for name in ENGINE_SCRIPTS:
        shutil.copy2(ENGINE_SOURCE_DIR / name, into / name)
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    pyodide_version = json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    manifest = {
        "pyodide": pyodide_version,
        "lock_info": lock["info"],
        "wheels": wheels,
        "on_demand": on_demand,
        "stdlib": stdlib,
        # The page's engine downloads content[its language] (an unknown one: the
        # default language's file) and counts only that one of these sizes.
        "content": contents,
        "default_language": DEFAULT_LANGUAGE,
        "sizes": {name: (into / name).stat().st_size
                  for name in (*COUNTED_FILES, *contents.values(), *stdlib.values(), *wheels)},
    }
    # "Keep for offline use" (wizard/engine/wizard.js): every file the site
    # gets, and what each costs on the wire (gzip -9: every host offers gzip,
    # a brotli one sends less, so the stated size never falls short), so the page states the size before a byte
    # of it is fetched. Of the two standard libraries the page keeps only the
    # one its engine chose; it keeps every language's content (the offline
    # visitor may open the wizard in any language).
    kept = sorted(p.name for p in into.iterdir() if p.is_file() and p.name not in SITE_EXCLUDED)
    manifest["keep"] = {
        "files": ["manifest.json", *kept],
        "transfer": {name: len(gzip.compress((into / name).read_bytes(), 9)) for name in kept},
    }
    write_json(into / "manifest.json", manifest)
    return manifest


# cases.json and content.json (every language at once) serve the build's own
# tools; a page gets content-<languages>.json.
SITE_EXCLUDED = ("cases.json", "content.json", "transport-file.js")


def engine_hash(source: Path = BUILD_DIR) -> str:
    """A digest of every file the site gets from the engine (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in source.iterdir() if p.is_file() and p.name not in SITE_EXCLUDED):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def copy_into_site(site: Path, source: Path = BUILD_DIR) -> Path:
    """Copies the engine into `site/engine/<hash>/` and points every wizard
    page's script tag and preload links there; an older engine folder is removed."""
    root = site / "engine"
    if root.exists():
        shutil.rmtree(root)
    target = root / engine_hash(source)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*SITE_EXCLUDED))
    pointed = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = WIZARD_SCRIPT.sub(rf"\g<1>{target.name}/\g<2>", html)
        new = ENGINE_PRELOAD.sub(rf"\g<1>{target.name}/\g<2>", new)
        if new != html:
            page.write_text(new, encoding="utf-8")
        pointed += new != html or f"engine/{target.name}/wizard.js" in html
    if not pointed:
        raise SystemExit(f"build_engine: no page of {site} loads engine/wizard.js (overrides/wizard.html changed?)")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", type=Path, help="built site directory to copy the engine into (once, for all languages)")
    parser.add_argument("--full-stdlib", action="store_true",
                        help="serve Pyodide's whole standard library (to tell a trimming problem from a rules problem)")
    args = parser.parse_args(argv)
    manifest = build(full_stdlib=args.full_stdlib)
    sizes = manifest["sizes"]
    page_content_size = max(sizes[name] for name in manifest["content"].values())  # the largest page's
    for kind, name in manifest["stdlib"].items():
        others = sum(size for other, size in sizes.items()
                     if other not in (*manifest["stdlib"].values(), *manifest["content"].values()))
        print(f"engine with the {kind} standard library: {others + page_content_size + sizes[name]:,} "
              "bytes downloaded at start (the largest language's content)")
    if args.into:
        print(f"engine: copied into {copy_into_site(args.into)}")


if __name__ == "__main__":
    main()
