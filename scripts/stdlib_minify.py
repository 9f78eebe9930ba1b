"""Runs inside Pyodide (driven by scripts/stdlib_usage.mjs, mode "minify"):
rewrites each module of a trimmed python_stdlib.zip without docstrings and
comments, the way `python -OO` drops docstrings, to cut the bytes a phone
downloads. It must run on Pyodide's own Python: the standard library is
written for that version's grammar, which the build machine's Python may not
parse. Globals set by the driver: ``minify_config`` (JSON with "zip_in",
"zip_out", "compress": "deflated" | "stored").
"""

import ast
import json
import zipfile

config = json.loads(minify_config)  # noqa: F821 - set by the driver
DOC_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _is_docstring(node):
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def minify(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, DOC_OWNERS) and node.body and _is_docstring(node.body[0]):
            node.body = node.body[1:] or [ast.Pass()]
    # unparse drops comments and normalises layout; compile() proves the
    # result is still valid for this interpreter.
    text = ast.unparse(tree) + "\n"
    compile(text, "<minified>", "exec")
    return text.encode("utf-8")


compression = zipfile.ZIP_STORED if config["compress"] == "stored" else zipfile.ZIP_DEFLATED
before = after = 0
with zipfile.ZipFile(config["zip_in"]) as src, zipfile.ZipFile(config["zip_out"], "w") as dst:
    for info in src.infolist():
        data = src.read(info.filename)
        if info.filename.endswith(".py"):
            before += len(data)
            data = minify(data.decode("utf-8"))
            after += len(data)
        out = zipfile.ZipInfo(info.filename, info.date_time)
        out.external_attr = info.external_attr
        out.compress_type = zipfile.ZIP_STORED if info.is_dir() else compression
        dst.writestr(out, data, compresslevel=9 if compression == zipfile.ZIP_DEFLATED else None)

minify_result = json.dumps({"source_before": before, "source_after": after})
