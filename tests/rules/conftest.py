"""Fixtures of the rules tests: the content, loaded once, and the cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from scripts.content import load_content

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
# runner.py is loaded as a plain module, as the Pyodide runner does.
sys.path.insert(0, str(HERE))


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def all_cases() -> list[tuple[str, dict]]:
    return [(path.name, case) for path in case_files()
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="session")
def content() -> dict:
    return load_content()
