"""What the site ships is what was locked: Python dependencies pinned with
hashes; node_modules/pyodide is the tarball package-lock.json names (its
sha512 recomputed offline from npm's own cache, every file compared); the
Pyodide files in the built engine are those files byte for byte (except the
standard library zip, which the build trims on purpose)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest

NPM_CACHE = Path.home() / ".npm" / "_cacache"


def test_every_python_requirement_is_pinned_with_a_hash(root):
    text = (root / "requirements.lock").read_text(encoding="utf-8")
    requirements = re.sub(r"\\\n\s*", " ", text)
    lines = [line.strip() for line in requirements.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines
    for line in lines:
        assert re.match(r"^[A-Za-z0-9_.\-\[\],]+==[^\s;]+", line), f"not pinned: {line}"
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", line), f"no hash: {line}"
    assert "--require-hashes" in (root / "Makefile").read_text(encoding="utf-8")


def locked(root: Path, name: str) -> dict:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{name}"]


def cached_tarball(integrity: str) -> bytes:
    """The tarball npm verified and cached under its integrity (cacache's
    content-v2 layout: algorithm/hex[0:2]/hex[2:4]/hex[4:])."""
    algorithm, digest = integrity.split("-", 1)
    hexdigest = base64.b64decode(digest).hex()
    path = NPM_CACHE / "content-v2" / algorithm / hexdigest[:2] / hexdigest[2:4] / hexdigest[4:]
    assert path.is_file(), f"{path} missing: `npm ci` caches every tarball it installs"
    data = path.read_bytes()
    assert base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == digest
    return data


@pytest.fixture(scope="module")
def pyodide_tarball(root) -> dict[str, bytes]:
    entry = locked(root, "pyodide")
    data = cached_tarball(entry["integrity"])
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile():
                files[member.name.split("/", 1)[1]] = archive.extractfile(member).read()
    return files


def test_installed_pyodide_is_the_locked_version_and_tarball(root, pyodide_tarball):
    installed = root / "node_modules" / "pyodide"
    entry = locked(root, "pyodide")
    assert json.loads((installed / "package.json").read_text())["version"] == entry["version"]
    assert json.loads((root / "package.json").read_text())["dependencies"]["pyodide"] == entry["version"]
    on_disk = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    assert on_disk == set(pyodide_tarball)
    for name, data in pyodide_tarball.items():
        assert (installed / name).read_bytes() == data, name


def test_the_engine_serves_the_locked_pyodide_files(built_site, root, pyodide_tarball):
    engine = built_site / "engine"
    served = {p.name: p for p in engine.rglob("*") if p.is_file()}
    pyodide_files = [name for name in served if name in pyodide_tarball]
    assert {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"} <= set(pyodide_files)
    for name in pyodide_files:
        if name == "python_stdlib.zip":
            continue  # trimmed by scripts/trim_stdlib.py, tested in tests/engine
        assert served[name].read_bytes() == pyodide_tarball[name], name


def test_the_tarball_check_catches_a_changed_byte(root):
    entry = locked(root, "pyodide")
    algorithm, digest = entry["integrity"].split("-", 1)
    data = bytearray(cached_tarball(entry["integrity"]))
    data[len(data) // 2] ^= 1
    assert base64.b64encode(hashlib.new(algorithm, bytes(data)).digest()).decode() != digest
