"""The engine build gives the same bytes for the same sources: the engine
folder's name is a hash of its files (scripts/build_engine.py), and a new
name makes every returning visitor download the engine again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scripts import build_engine


def copy_of_the_rules_package(into: Path, mtime: int) -> Path:
    copy = into / "wizard"
    shutil.copytree(build_engine.WIZARD_PACKAGE_DIR, copy,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    for path in [copy, *copy.rglob("*")]:
        os.utime(path, (mtime, mtime))
    return copy


def test_the_rules_wheel_does_not_depend_on_when_its_files_were_checked_out(tmp_path, monkeypatch):
    wheels = []
    for mtime in (1_700_000_000, 1_800_000_000):  # two checkouts, three years apart
        where = tmp_path / str(mtime)
        where.mkdir()
        monkeypatch.setattr(build_engine, "WIZARD_PACKAGE_DIR", copy_of_the_rules_package(where, mtime))
        out = where / "wheel"
        out.mkdir()
        wheels.append(build_engine.build_rules_wheel(out).read_bytes())
    assert wheels[0] == wheels[1]
