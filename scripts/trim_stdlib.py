"""Trims Pyodide's python_stdlib.zip to the modules the wizard really imports.

    python -m scripts.trim_stdlib [--engine build/engine] [--out PATH]

The full zip is 2.5 MB and already deflated, so compression on the wire cannot
shrink it: only leaving modules out helps a first visit over a slow phone
connection. Which modules stay is *measured*, never listed by hand: the rules
run under real Pyodide in Node (`scripts/stdlib_usage.mjs` driving
`scripts/stdlib_probe.py`) doing what the browser worker does — Pyodide's own
start, installing the wheels, `eligibility.browser.load`, `evaluate_json` for
every rule case, the case runner, a QR code with segno, and one Python error
shown in JavaScript — and every module then in `sys.modules` whose file lives
in the zip is kept. The trimmed zip is then proven: Pyodide starts from it and
all rule cases run again; any failure, or anything Pyodide prints on stderr,
raises `TrimError` (exit status 1 on the command line).

The modules first imported to draw the print sheet's QR code (segno's own
imports: gzip, urllib, xml.sax, email, …, about 75 KB) can go to a second
zip, `printing_out`, which the browser fetches with segno only when a sheet
is printed; the proof then draws the QR code with that zip added to
`sys.path`, as wizard/engine/engine.js does.

With `compiled_out`, the same modules also go to a compiled zip: each `.py`
as the `.pyc` Pyodide's own interpreter makes of it (scripts/stdlib_compile.py).
Python's start then reads bytecode instead of compiling each module it
imports: seconds less of CPU, for some more bytes. That zip is proven the same
way (all rule cases, the QR code), and the build fails unless both zips hold
exactly the same modules (`same_modules`). The engine picks one by connection
(wizard/engine/engine.js, chooseStandardLibrary).

`build_engine` calls `trim(stdlib_zip, wheels, cases_json, out,
printing_out=…, compiled_out=…)`; the content the rules load is `content.json` beside
`cases_json` unless given.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules/pyodide"
USAGE_SCRIPT = ROOT / "scripts" / "stdlib_usage.mjs"
RUNNER = ROOT / "tests" / "rules" / "runner.py"
ENGINE_DIR = ROOT / "build" / "engine"
# Any https URL of the shape the wizard encodes; only its length and
# characters matter to which segno code paths run.
QR_SAMPLE_URL = "https://example.org/en/wizard/#status=temporary_migrant&purpose=work&insured=no"
# Where Pyodide puts the zip in its file system (`/lib/python314.zip` for 3.14).
ZIP_PATH = re.compile(r"^/lib/python\d+\.zip/(?P<member>.+)$")
# A fixed date makes the trimmed zip byte-identical across identical builds,
# so browsers' caches stay valid.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class TrimError(RuntimeError):
    """The trimmed standard library could not be proven to run the rules."""


@dataclass(frozen=True)
class Sizes:
    raw: int
    gzip: int
    brotli: int

    @classmethod
    def of(cls, data: bytes) -> "Sizes":
        import brotli

        return cls(len(data), len(gzip.compress(data, 9, mtime=0)), len(brotli.compress(data, quality=11)))


@dataclass
class TrimReport:
    before: Sizes
    after: Sizes
    modules: list[str]                 # stdlib modules kept, by import name
    members: list[str]                 # files written into the trimmed zip
    phases: dict[str, list[str]]       # which step imported which module first
    files: dict[str, list[str]]        # every imported module's files, as the run saw them
    cases: int                         # rule cases run under the trimmed zip
    answers: int                       # evaluate_json calls made under it
    verified: bool = False
    failures: list[str] = field(default_factory=list)
    printing: Sizes | None = None      # the zip fetched with segno, if split off
    printing_modules: list[str] = field(default_factory=list)
    printing_members: list[str] = field(default_factory=list)
    compiled: Sizes | None = None      # the same modules as bytecode, if made

    def summary(self) -> str:
        def line(label: str, s: Sizes) -> str:
            return f"{label:<8} raw {s.raw:>10,}  gzip {s.gzip:>10,}  brotli {s.brotli:>10,}"

        lines = ["python_stdlib.zip", line("before", self.before), line("after", self.after)]
        if self.compiled:
            lines.append(line("compiled", self.compiled) + "  (the same modules as .pyc)")
        if self.printing:
            lines.append(line("printing", self.printing)
                         + f"  ({len(self.printing_members)} files, fetched with segno)")
        lines.append(f"kept {len(self.members)} files for {len(self.modules)} modules; "
                     f"{self.cases} rule cases and {self.answers} answers passed under the trimmed zip")
        return "\n".join(lines)


def run_usage(stdlib: Path, wheels: list[Path], cases_json: Path, content_json: Path,
              runner: Path | None, qr_url: str | None, workdir: Path,
              printing_stdlib: Path | None = None) -> tuple[int, dict]:
    """Runs the rules under Pyodide in Node with `stdlib` (and `printing_stdlib`
    added to sys.path before the QR code); returns (exit status, report)."""
    out = workdir / f"usage-{stdlib.stem}.json"
    config = {
        "stdlib": str(stdlib), "wheels": [str(w) for w in wheels], "cases": str(cases_json),
        "content": str(content_json), "runner": str(runner) if runner else None,
        "qr_url": qr_url, "out": str(out), "pyodide_dir": str(PYODIDE_DIR),
        "printing_stdlib": str(printing_stdlib) if printing_stdlib else None,
    }
    config_path = workdir / f"config-{stdlib.stem}.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    if out.exists():
        out.unlink()
    done = subprocess.run(["node", str(USAGE_SCRIPT), str(config_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if not out.exists():
        raise TrimError(f"stdlib_usage.mjs wrote no report (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return done.returncode, json.loads(out.read_text(encoding="utf-8"))


def used_members(usage: dict, names: set[str], only: set[str] | None = None) -> tuple[list[str], list[str]]:
    """The zip members the imported modules (or the `only` ones among them)
    came from, plus the `__init__.py` of every package above them (zipimport
    needs those to find submodules)."""
    modules, members = set(), set()
    for module, files in usage["files"].items():
        if only is not None and module not in only:
            continue
        for path in files:
            match = ZIP_PATH.match(path)
            if match and match["member"] in names:
                modules.add(module)
                members.add(match["member"])
    for member in list(members):
        parts = member.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            init = "/".join(parts[:depth]) + "/__init__.py"
            if init in names:
                members.add(init)
    return sorted(modules), sorted(members)


def printing_only(usage: dict) -> set[str]:
    """Modules first imported to draw the QR code ("qr" phase), which can be
    fetched with segno instead of at start. A module stays at start when its
    top-level package is already imported there: a package's modules are
    found only in the zip its `__init__` came from."""
    late = set(usage["phases"].get("qr", []))
    early_tops = {name.split(".")[0] for name in usage["files"] if name not in late}
    return {name for name in late if name.split(".")[0] not in early_tops}


def write_zip(source: Path, members: list[str], out: Path) -> None:
    """Copies `members` from `source` into `out`, with their directory entries
    (namespace packages are found through them), deflated at level 9."""
    dirs = sorted({"/".join(m.split("/")[:i]) + "/" for m in members for i in range(1, m.count("/") + 1)})
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(tmp, "w") as dst:
        for name in dirs:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = (0o40755 << 16) | 0x10
            dst.writestr(info, b"")
        for name in members:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name), compresslevel=9)
    tmp.replace(out)


def rewrite_zip_under_pyodide(mode: str, what: str, full: Path, zip_in: Path, out: Path, workdir: Path,
                              **options) -> None:
    """Runs scripts/stdlib_usage.mjs in `mode` ("minify", "compile"), which
    rewrites `zip_in` into `out` on Pyodide's own Python, started from the
    untrimmed `full` zip; `what` names the step in the error."""
    report = workdir / f"{mode}-{out.stem}.json"
    config = {"mode": mode, "stdlib": str(full), "zip_in": str(zip_in), "zip_out": str(out),
              "out": str(report), "pyodide_dir": str(PYODIDE_DIR), **options}
    config_path = workdir / f"config-{mode}-{out.stem}.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(["node", str(USAGE_SCRIPT), str(config_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not out.is_file():
        failures = json.loads(report.read_text(encoding="utf-8"))["failures"] if report.is_file() else []
        raise TrimError(f"{what} the standard library failed (exit {done.returncode}): {failures}\n"
                        f"{done.stderr[-4000:]}")


def minify_zip(full: Path, selected: Path, out: Path, compression: str, workdir: Path) -> None:
    """Rewrites `selected` without docstrings and comments (scripts/stdlib_minify.py)."""
    rewrite_zip_under_pyodide("minify", "minifying", full, selected, out, workdir, compress=compression)


def compile_zip(full: Path, source: Path, out: Path, workdir: Path) -> None:
    """Writes `source` to `out` as bytecode (scripts/stdlib_compile.py)."""
    rewrite_zip_under_pyodide("compile", "compiling", full, source, out, workdir)


def zip_modules(path: Path) -> set[str]:
    """The modules a standard-library zip holds, by import name, whether as
    source (`.py`) or bytecode (`.pyc`)."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.endswith((".py", ".pyc"))]
    modules = set()
    for name in names:
        dotted = name.rsplit(".", 1)[0].replace("/", ".")
        modules.add(dotted.removesuffix(".__init__"))
    return modules


def same_modules(source: Path, compiled: Path) -> None:
    """Raises TrimError unless both zips hold the same modules, and the compiled
    one nothing but bytecode: the engine picks either, so the rules must find
    the same code in each."""
    with zipfile.ZipFile(compiled) as z:
        sources = [n for n in z.namelist() if n.endswith(".py")]
    if sources:
        raise TrimError(f"{compiled.name} holds source files: {sources[:5]}")
    only_source = sorted(zip_modules(source) - zip_modules(compiled))
    only_compiled = sorted(zip_modules(compiled) - zip_modules(source))
    if only_source or only_compiled:
        raise TrimError(f"{source.name} and {compiled.name} differ: only in the source zip {only_source}, "
                        f"only in the compiled zip {only_compiled}")


def trim(stdlib_zip: Path, wheels: list[Path], cases_json: Path, out: Path, *,
         content_json: Path | None = None, runner: Path | None = RUNNER,
         qr_url: str | None = QR_SAMPLE_URL, minify: bool = True,
         compression: str = "deflated", printing_out: Path | None = None,
         compiled_out: Path | None = None) -> TrimReport:
    """Writes to `out` a python_stdlib.zip holding only what the rules import
    (measured under Pyodide with `stdlib_zip`), proves it by running every
    rule case from it, and reports sizes. `qr_url` is only used when a segno
    wheel is among `wheels`. `out` may be `stdlib_zip` itself.

    With `printing_out`, the modules only the QR code needs (`printing_only`)
    go to that second zip instead, which the browser fetches with segno when
    a sheet is printed; the proof then draws the QR code with it on sys.path.

    `minify` drops docstrings and comments (as `python -OO` drops
    docstrings). `compression`: "deflated" compresses each file inside the
    zip, so the download is small on any host, compressing or not;
    "stored" leaves them plain, which is smaller over the wire only when the
    host compresses `.zip` responses with brotli or gzip (see README).

    With `compiled_out`, the same modules compiled to bytecode go there too,
    proven by the same run (see the module's docstring)."""
    if compression not in ("deflated", "stored"):
        raise ValueError(f"compression must be 'deflated' or 'stored', not {compression!r}")
    stdlib_zip, out, cases_json = Path(stdlib_zip), Path(out), Path(cases_json)
    wheels = [Path(w) for w in wheels]
    content_json = Path(content_json) if content_json else cases_json.parent / "content.json"
    for needed in (stdlib_zip, cases_json, content_json, *wheels):
        if not needed.is_file():
            raise TrimError(f"missing input: {needed}")
    if not any(w.name.startswith("eligibility-") for w in wheels):
        raise TrimError("no eligibility wheel among the wheels: nothing to measure")
    if runner is not None and not Path(runner).is_file():
        raise TrimError(f"missing rule case runner: {runner}")
    if not any(w.name.startswith("segno-") for w in wheels):
        qr_url = None

    with tempfile.TemporaryDirectory(prefix="trim-stdlib-") as tmp:
        workdir = Path(tmp)
        full = workdir / "python_stdlib_full.zip"
        shutil.copyfile(stdlib_zip, full)
        status, usage = run_usage(full, wheels, cases_json, content_json, runner, qr_url, workdir)
        if status != 0 or usage.get("failures"):
            raise TrimError("the rules do not pass even with the full standard library:\n"
                            + "\n".join(usage.get("failures", [])))
        with zipfile.ZipFile(full) as z:
            names = set(z.namelist())
        late = printing_only(usage) if printing_out is not None and qr_url else set()
        imported = set(usage["files"])
        modules, members = used_members(usage, names, imported - late)
        late_modules, late_members = used_members(usage, names, late)
        late_members = [m for m in late_members if m not in members]
        if printing_out is not None and not late_members:
            raise TrimError("nothing to fetch for printing: the QR code was not drawn (no segno wheel?)")

        def package(selection: list[str], stem: str) -> Path:
            selected = workdir / f"{stem}_selected.zip"
            write_zip(full, selection, selected)
            packed = workdir / f"{stem}.zip"
            if minify:
                minify_zip(full, selected, packed, compression, workdir)
            else:
                shutil.copyfile(selected, packed)
            return packed

        trimmed = package(members, "python_stdlib")
        printing = package(late_members, "python_stdlib_printing") if late_members else None
        status, check = run_usage(trimmed, wheels, cases_json, content_json, runner, qr_url, workdir,
                                  printing_stdlib=printing)
        missing = sorted(set(usage["files"]) - set(check.get("files", {})))
        report = TrimReport(
            before=Sizes.of(full.read_bytes()), after=Sizes.of(trimmed.read_bytes()),
            modules=modules, members=members, phases=usage["phases"], files=usage["files"],
            cases=check.get("cases", 0), answers=check.get("answers", 0),
            failures=list(check.get("failures", [])),
            printing=Sizes.of(printing.read_bytes()) if printing else None,
            printing_modules=late_modules if printing else [], printing_members=late_members,
        )
        if missing:
            report.failures.append(f"modules imported with the full zip but not with the trimmed one: {missing}")
        if status != 0 or report.failures or report.cases == 0:
            raise TrimError("the trimmed standard library fails the rule cases:\n" + "\n".join(report.failures)
                            + ("" if report.cases else "\nno rule case ran"))
        if compiled_out is not None:
            compiled = workdir / "python_stdlib_compiled.zip"
            compile_zip(full, trimmed, compiled, workdir)
            same_modules(trimmed, compiled)
            status, check = run_usage(compiled, wheels, cases_json, content_json, runner, qr_url, workdir,
                                      printing_stdlib=printing)
            missing = sorted(set(usage["files"]) - set(check.get("files", {})))
            failures = list(check.get("failures", []))
            if missing:
                failures.append(f"modules imported with the full zip but not with the compiled one: {missing}")
            if status != 0 or failures or check.get("cases", 0) != report.cases:
                raise TrimError("the compiled standard library fails the rule cases:\n" + "\n".join(failures)
                                + f"\n{check.get('cases', 0)} of {report.cases} rule cases ran")
            report.compiled = Sizes.of(compiled.read_bytes())
        report.verified = True
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(trimmed, out)
        if compiled_out is not None:
            shutil.copyfile(compiled, compiled_out)
        if printing:
            shutil.copyfile(printing, printing_out)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", type=Path, default=ENGINE_DIR,
                        help="built engine directory (wheels, cases.json, content.json)")
    parser.add_argument("--stdlib", type=Path, default=PYODIDE_DIR / "python_stdlib.zip")
    parser.add_argument("--out", type=Path, help="default: ENGINE/python_stdlib.zip")
    parser.add_argument("--report", type=Path, help="also write the report as JSON here")
    parser.add_argument("--stored", action="store_true",
                        help="leave files uncompressed inside the zip (for hosts that brotli/gzip .zip responses)")
    parser.add_argument("--no-minify", action="store_true", help="keep docstrings and comments")
    args = parser.parse_args(argv)
    wheels = sorted(args.engine.glob("*.whl"))
    try:
        report = trim(args.stdlib, wheels, args.engine / "cases.json", args.out or args.engine / "python_stdlib.zip",
                      minify=not args.no_minify, compression="stored" if args.stored else "deflated")
    except TrimError as err:
        print(f"trim_stdlib: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    if args.report:
        from dataclasses import asdict

        args.report.write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
