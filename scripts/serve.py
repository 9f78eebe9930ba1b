"""Serves the built site on 127.0.0.1 for reading and for tests.

    python -m scripts.serve [--port 8000] site        (make serve)

The host itself is scripts/static_host.py: brotli/gzip by Accept-Encoding,
`application/wasm` for .wasm, `text/javascript` for .mjs, Cache-Control,
ETag/304 and the site's 404 page, the way a real static host serves it. One
server for reading, tests and the benchmark, so what we test is what we measure.
"""

from __future__ import annotations

import sys

from scripts.static_host import StaticHost, main

__all__ = ["StaticHost", "main"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
