"""The source documents in content/sources/ and the model's examples in
tests/rules/examples.yaml are the texts everything else is checked against:
they must be exactly what was received. SHA256SUMS pins them in the
repository; where the team's shared folder sits next to the checkout (as on
the project's machines), the copies must also equal it byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "content" / "sources"
EXAMPLES = ROOT / "tests" / "rules" / "examples.yaml"
SHARED = ROOT.parent / "shared"
EXAMPLES_SHA256 = "e19ebc40a313a119e8dac805f54fdf840a31b2c816fee463a0b5f7141bd26467"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pinned() -> dict[str, str]:
    lines = (SOURCES / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_source_is_pinned_and_matches_its_checksum():
    sums = pinned()
    assert sorted(sums) == sorted(p.name for p in SOURCES.glob("*.txt"))
    assert {name: sha256(SOURCES / name) for name in sums} == sums


def test_the_examples_copy_is_pinned():
    assert sha256(EXAMPLES) == EXAMPLES_SHA256


def test_the_copies_equal_the_shared_originals_where_present():
    pairs = [(SOURCES / name, SHARED / "seeds" / name) for name in pinned()]
    pairs.append((EXAMPLES, SHARED / "domain" / "examples.yaml"))
    differ = [str(copy.relative_to(ROOT)) for copy, original in pairs
              if original.exists() and original.read_bytes() != copy.read_bytes()]
    assert differ == []
