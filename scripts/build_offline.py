"""Builds the offline copy of the site: a folder to unzip and open from file://.

    python -m scripts.build_offline [--into site]

`make site` runs it after the engine build, with `--into site`, so the
deployed site carries its own download (`site/download/migrant-health-kz-offline.zip`,
linked from the home and privacy pages); `make offline` leaves it in
`build/offline.zip` (the release asset).

On file:// a browser refuses `fetch`, module scripts, Web Workers and service
workers, but runs classic `<script src>` files. So the copy is:

- the pages, built again by MkDocs with `mkdocs.offline.yml` (links end in
  `index.html`, search reads its index from `search/search_index.js`, the
  wizard pages load the file transport; see scripts/offline_hooks.py);
- `engine/`: `wizard.js`, `engine.js`, `transport-file.js` (the same sources as
  the site's), Pyodide's classic `pyodide.js`, its `pyodide.asm.mjs` turned
  into a classic script (`pyodide.asm.js`: `import.meta.url` and the
  `export default` replaced, nothing else), and `files/<name>.js` for every
  file the engine downloads online (wasm, the compiled standard library, wheels,
  every language's content-<languages>.json, manifest.json), each setting
  `window.__ENGINE_FILES__[name]` to the file's bytes in base64.
  transport-file.js answers Pyodide's and the engine's `fetch` from those.

The engine files come from `build/engine/` (scripts/build_engine.py), the
same bytes the site serves.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from scripts.build_engine import BUILD_DIR as ENGINE_BUILD, PYODIDE_DIR, ZIP_DATE
from scripts.content import ROOT

CONFIG = ROOT / "mkdocs.offline.yml"
OUT_DIR = ROOT / "build" / "offline"
FOLDER = "migrant-health-kz"               # the folder the zip unpacks to
ZIP = ROOT / "build" / "offline.zip"
SITE_DOWNLOAD = Path("download") / "migrant-health-kz-offline.zip"
ENGINE_SCRIPTS = ("wizard.js", "engine.js", "transport-file.js")
ASM_EXPORT = "export default _createPyodideModule;"


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def check_hooks() -> None:
    """mkdocs.offline.yml replaces mkdocs.yml's hook list: it must repeat it."""
    main = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader).get("hooks") or []
    offline = yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_Loader).get("hooks") or []
    missing = [hook for hook in main if hook not in offline]
    if missing:
        raise SystemExit(f"build_offline: mkdocs.offline.yml lacks hooks of mkdocs.yml: {missing}")


def classic_pyodide_asm(source: str) -> str:
    """pyodide.asm.mjs as a classic script defining `__createPyodideModule`."""
    if source.count(ASM_EXPORT) != 1:
        raise SystemExit("build_offline: pyodide.asm.mjs no longer ends in its default export; check the upgrade")
    body = source.replace("import.meta.url", "__pyodideAsmURL").replace(
        ASM_EXPORT, "globalThis.__createPyodideModule = _createPyodideModule;")
    return ("// Pyodide's pyodide.asm.mjs as a classic script (scripts/build_offline.py).\n"
            "(function () {\nvar __pyodideAsmURL = document.currentScript.src;\n" + body + "\n})();\n")


def data_script(name: str, data: bytes) -> str:
    return ("window.__ENGINE_FILES__ = window.__ENGINE_FILES__ || {};\n"
            f"window.__ENGINE_FILES__[{json.dumps(name)}] = \"{base64.b64encode(data).decode()}\";\n")


def write_engine(engine_dir: Path, source: Path = ENGINE_BUILD) -> list[str]:
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    files_dir = engine_dir / "files"
    files_dir.mkdir(parents=True)
    for name in ENGINE_SCRIPTS:
        shutil.copy2(source / name, engine_dir / name)
    shutil.copy2(PYODIDE_DIR / "pyodide.js", engine_dir / "pyodide.js")
    (engine_dir / "pyodide.asm.js").write_text(
        classic_pyodide_asm((source / "pyodide.asm.mjs").read_text(encoding="utf-8")), encoding="utf-8")
    # Only the compiled standard library: read from disk, its extra bytes cost
    # nothing and it spares Python's start compiling each module
    # (engine.js, chooseStandardLibrary, picks it on file://).
    # Every language's content: the copy holds every language's wizard.
    names = ["manifest.json", "pyodide.asm.wasm", manifest["stdlib"]["compiled"],
             *dict.fromkeys(manifest["content"].values()),
             *manifest["wheels"], *manifest.get("on_demand", {}).values()]
    for name in names:
        (files_dir / f"{name}.js").write_text(data_script(name, (source / name).read_bytes()), encoding="utf-8")
    return names


def write_zip(folder: Path, out: Path) -> None:
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        # Source maps help no reader: left out of the download.
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".map"):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(out)


def build(out_zip: Path = ZIP) -> Path:
    if not (ENGINE_BUILD / "manifest.json").is_file():
        raise SystemExit("build_offline: build/engine/ is missing: run `python -m scripts.build_engine` first")
    check_hooks()
    folder = OUT_DIR / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "-f", str(CONFIG), "-d", str(folder)],
                   cwd=ROOT, check=True, env=env)
    write_engine(folder / "engine")
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    write_zip(folder, out_zip)
    return out_zip


SIZE_LINK = re.compile(r'(<a [^>]*data-offline-size data-decimal-mark="([^"]*)"[^>]*>)([^<]*)\{size\}')


def state_size(site: Path, size: int) -> int:
    """Writes the archive's size (MB, one decimal, the page's decimal mark)
    into every download link of the built site; returns the pages changed."""
    megabytes = f"{size / 1_000_000:.1f}"
    changed = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = SIZE_LINK.sub(lambda m: m.group(1) + m.group(3) + megabytes.replace(".", m.group(2)), html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", type=Path, help=f"built site to copy the zip into, as {SITE_DOWNLOAD}")
    args = parser.parse_args(argv)
    zipped = build()
    print(f"offline: {zipped.relative_to(ROOT)} ({zipped.stat().st_size:,} bytes)")
    if args.into:
        target = args.into / SITE_DOWNLOAD
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(zipped, target)
        print(f"offline: copied to {target}; size stated on {state_size(args.into, zipped.stat().st_size)} pages")


if __name__ == "__main__":
    main()
