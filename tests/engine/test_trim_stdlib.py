"""The trimmed standard library: smaller, computed from a real run, and enough
for every rule case under Pyodide. Needs the built engine (`make engine`:
the wheels, cases.json and content.json in build/engine/); without them these
tests fail, they do not skip."""

from __future__ import annotations

import ast
import json
import zipfile
from pathlib import Path

import pytest

from scripts.trim_stdlib import (
    PYODIDE_DIR, QR_SAMPLE_URL, ROOT, RUNNER, TrimError, TrimReport, printing_only, run_usage, same_modules,
    trim, used_members, zip_modules,
)

ENGINE = ROOT / "build" / "engine"
FULL_STDLIB = PYODIDE_DIR / "python_stdlib.zip"
OWN_SOURCES = [ROOT / "scripts" / name
               for name in ("trim_stdlib.py", "stdlib_probe.py", "stdlib_minify.py", "stdlib_compile.py")]


def engine_inputs() -> tuple[list[Path], Path, Path]:
    wheels = sorted(ENGINE.glob("*.whl"))
    cases, content = ENGINE / "cases.json", ENGINE / "content.json"
    missing = [str(p) for p in (cases, content, RUNNER) if not p.is_file()]
    if not any(w.name.startswith("eligibility-") for w in wheels):
        missing.append(str(ENGINE / "eligibility-*.whl"))
    assert not missing, f"build the engine first (make engine); missing: {missing}"
    return wheels, cases, content


def case_count(cases_json: Path) -> int:
    count = 0
    for entry in json.loads(cases_json.read_text(encoding="utf-8")):
        inner = entry["cases"]
        count += len(inner.get("cases", []) if isinstance(inner, dict) else inner)
    return count


@pytest.fixture(scope="module")
def trimmed(tmp_path_factory) -> tuple[TrimReport, Path]:
    """As scripts/build_engine.py trims: what only the QR code needs apart,
    and the same modules compiled beside it."""
    wheels, cases, _ = engine_inputs()
    folder = tmp_path_factory.mktemp("trim")
    out = folder / "python_stdlib.zip"
    return trim(FULL_STDLIB, wheels, cases, out, printing_out=folder / "python_stdlib_printing.zip",
                compiled_out=folder / "python_stdlib_compiled.zip"), out


def zip_files(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        return {n for n in z.namelist() if not n.endswith("/")}


def test_trimmed_zip_is_smaller_than_pyodides(trimmed):
    report, out = trimmed
    assert out.stat().st_size == report.after.raw
    assert report.after.raw < FULL_STDLIB.stat().st_size
    assert report.after.brotli < report.before.brotli
    with zipfile.ZipFile(FULL_STDLIB) as full, zipfile.ZipFile(out) as small:
        files = [n for n in small.namelist() if not n.endswith("/")]
        assert set(files) < set(full.namelist())


def test_every_kept_file_comes_from_a_module_the_run_imported(trimmed):
    report, out = trimmed
    imported = {name for names in report.phases.values() for name in names}
    assert set(report.modules) <= imported
    with zipfile.ZipFile(FULL_STDLIB) as full:
        names = set(full.namelist())
    # The selection is a function of what the run recorded, and nothing else.
    late = printing_only({"files": report.files, "phases": report.phases})
    assert used_members({"files": report.files}, names, set(report.files) - late) == (report.modules, report.members)
    with zipfile.ZipFile(out) as small:
        assert sorted(n for n in small.namelist() if not n.endswith("/")) == report.members
    # The run imports the rules themselves and Pyodide's bootstrap.
    assert "eligibility.browser" in imported
    assert "_pyodide._base" in report.modules


def test_no_module_is_named_by_hand_in_the_trimming_code():
    with zipfile.ZipFile(FULL_STDLIB) as full:
        stdlib_names = {n.split("/")[0].removesuffix(".py") for n in full.namelist()}
    for source in OWN_SOURCES:
        literals = {node.value for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        listed = sorted(literals & stdlib_names)
        assert not listed, f"{source.name} names stdlib modules by hand: {listed}"


def test_all_rule_cases_pass_under_pyodide_with_the_trimmed_zip(trimmed, tmp_path):
    _, out = trimmed
    wheels, cases, content = engine_inputs()
    status, check = run_usage(out, wheels, cases, content, RUNNER, None, tmp_path)
    assert check["failures"] == []
    assert status == 0
    assert check["cases"] == case_count(cases) > 0
    assert check["answers"] > 0


def test_what_only_the_qr_code_needs_is_fetched_apart(trimmed, tmp_path):
    report, out = trimmed
    printing = out.with_name("python_stdlib_printing.zip")
    assert report.printing is not None and printing.stat().st_size == report.printing.raw
    # Nothing twice; the rules' zip holds none of it; segno's own imports are there.
    assert zip_files(printing) == set(report.printing_members)
    assert not zip_files(printing) & zip_files(out)
    assert set(report.printing_modules) <= set(report.phases["qr"])
    assert report.printing_modules and not set(report.printing_modules) & set(report.modules)
    # Split off for real: without the second zip, segno cannot draw the code.
    wheels, cases, content = engine_inputs()
    status, check = run_usage(out, wheels, cases, content, None, QR_SAMPLE_URL, tmp_path)
    assert status != 0 and any("ModuleNotFoundError" in f for f in check["failures"])


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def test_the_compiled_zip_holds_the_same_modules_as_bytecode(trimmed):
    report, out = trimmed
    compiled = out.with_name("python_stdlib_compiled.zip")
    assert report.compiled is not None and compiled.stat().st_size == report.compiled.raw
    assert zip_modules(compiled) == zip_modules(out) and "_pyodide._base" in zip_modules(compiled)
    files = zip_files(compiled)
    assert files == {name + "c" for name in zip_files(out)}
    # One interpreter's bytecode (one magic number); that it is Pyodide's is
    # proven by the rule cases below: zipimport refuses a foreign magic.
    with zipfile.ZipFile(compiled) as z:
        assert len({z.read(name)[:4] for name in files}) == 1


def test_all_rule_cases_pass_under_pyodide_with_the_compiled_zip(trimmed, tmp_path):
    _, out = trimmed
    compiled = out.with_name("python_stdlib_compiled.zip")
    wheels, cases, content = engine_inputs()
    status, check = run_usage(compiled, wheels, cases, content, RUNNER, QR_SAMPLE_URL, tmp_path,
                              printing_stdlib=out.with_name("python_stdlib_printing.zip"))
    assert check["failures"] == []
    assert status == 0
    assert check["cases"] == case_count(cases) > 0
    # Imported from the bytecode, not compiled from a source.
    assert check["files"]["_pyodide._base"][0].endswith(".pyc")


def test_the_build_fails_when_the_two_zips_differ(tmp_path):
    source = write_zip(tmp_path / "source.zip", {"a.py": b"", "pkg/__init__.py": b"", "pkg/b.py": b""})
    same = write_zip(tmp_path / "same.zip", {"a.pyc": b"", "pkg/__init__.pyc": b"", "pkg/b.pyc": b""})
    same_modules(source, same)
    missing = write_zip(tmp_path / "missing.zip", {"a.pyc": b"", "pkg/__init__.pyc": b""})
    with pytest.raises(TrimError, match=r"only in the source zip \['pkg.b'\]"):
        same_modules(source, missing)
    extra = write_zip(tmp_path / "extra.zip", {"a.pyc": b"", "pkg/__init__.pyc": b"", "pkg/b.pyc": b"", "c.pyc": b""})
    with pytest.raises(TrimError, match=r"only in the compiled zip \['c'\]"):
        same_modules(source, extra)
    with pytest.raises(TrimError, match="holds source files"):
        same_modules(source, write_zip(tmp_path / "mixed.zip", {"a.py": b"", "pkg/__init__.pyc": b"", "pkg/b.pyc": b""}))
