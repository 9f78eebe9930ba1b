"""Runs inside Pyodide (driven by scripts/stdlib_usage.mjs, mode "compile"):
rewrites a trimmed python_stdlib.zip with each module compiled to bytecode
(`.pyc`), so Python's start in the browser reads code instead of compiling
every module it imports (seconds of CPU on a phone, each visit). It must run
on Pyodide's own interpreter: bytecode is specific to that exact version
(the magic number), which the build machine's Python is not.

Every `.py` becomes the `.pyc` zipimport looks for beside it (`pkg/mod.py` ->
`pkg/mod.pyc`), and nothing else changes: the same modules, the same
directory entries. The bytecode is "unchecked hash-based" (PEP 552): no
timestamp inside, so identical sources give identical bytes across builds
(browser caches stay valid), and there is no source for zipimport to compare
against. Code objects carry the file name the source had in Pyodide's file
system (``zip_path``/member), so tracebacks read as before.

Globals set by the driver: ``compile_config`` (JSON with "zip_in",
"zip_out", "zip_path": where Pyodide mounts the standard library).
"""

import importlib.util
import json
import marshal
import zipfile

config = json.loads(compile_config)  # noqa: F821 - set by the driver
MAGIC = importlib.util.MAGIC_NUMBER
# PEP 552 flags: bit 0 = hash-based, bit 1 = check_source (off: unchecked).
UNCHECKED_HASH = 0b01


def pyc(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True)
    return (MAGIC + UNCHECKED_HASH.to_bytes(4, "little")
            + importlib.util.source_hash(source) + marshal.dumps(code))


compiled = 0
with zipfile.ZipFile(config["zip_in"]) as src, zipfile.ZipFile(config["zip_out"], "w") as dst:
    for info in src.infolist():
        name, data = info.filename, src.read(info.filename)
        if name.endswith(".py"):
            data = pyc(data, f"{config['zip_path']}/{name}")
            name += "c"
            compiled += 1
        out = zipfile.ZipInfo(name, info.date_time)
        out.external_attr = info.external_attr
        out.compress_type = zipfile.ZIP_STORED if info.is_dir() else zipfile.ZIP_DEFLATED
        dst.writestr(out, data, compresslevel=9 if not info.is_dir() else None)

compile_result = json.dumps({"compiled": compiled})
