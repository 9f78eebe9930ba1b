"""Serves the built site the way a real static host does, for the benchmark.

    python -m scripts.static_host [--port 8000] [--no-warm] site

Python's `http.server` never compresses, which makes the wizard look twice as
slow as it is on a real host. This one does what a well-configured host does:

- brotli or gzip by the request's `Accept-Encoding` (q-values honoured),
  from a precompressed `NAME.br` / `NAME.gz` beside the file when there is one,
  else from bodies compressed ahead at the highest level (`warm`, kept in
  `build/static-host-cache/` by content hash), else on the fly at the fast
  level hosts use for that (brotli 5, gzip 6), kept in memory;
- only types worth compressing (text, JS, JSON, SVG, wasm): zips, wheels,
  images and fonts are already compressed and go out as they are;
- `application/wasm` for `.wasm` (streaming compilation needs it) and
  `text/javascript` for `.mjs`;
- `Cache-Control`: HTML and the service worker (`sw.js`) always revalidate;
  files whose name or folder carries a content hash (Material's assets, the
  engine in `engine/<hash>/`) are immutable for a year; any other engine
  file is cached for a day;
- a strong `ETag` per encoding and `304 Not Modified` for `If-None-Match`;
- HTTP/1.1 keep-alive, `HEAD`, `Vary: Accept-Encoding`, the site's `404.html`
  (a language's own, `/kk/404.html`, for a missing path below `/kk/`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import mimetypes
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "build" / "static-host-cache"

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json",
                "application/xml", "image/svg+xml", "application/wasm")
# Material's assets (bundle.8492ddcd.min.js) and anything named like it.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?[a-z0-9]+$")
# The engine folder named by the digest of its files (scripts/build_engine.py).
HASHED_FOLDER = re.compile(r"/engine/[0-9a-f]{12,}/")
# Browsers must see a new service worker at once (it names the new files).
ALWAYS_REVALIDATE = re.compile(r"/sw\.js$")
CACHE_HTML = "no-cache"
CACHE_HASHED = "public, max-age=31536000, immutable"
CACHE_ENGINE = "public, max-age=86400"
CACHE_OTHER = "public, max-age=3600"
ENCODINGS = {"br": ".br", "gzip": ".gz"}


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def is_compressible(ctype: str) -> bool:
    return ctype.startswith(COMPRESSIBLE)


def cache_control(url_path: str, ctype: str) -> str:
    if ctype.startswith("text/html") or ALWAYS_REVALIDATE.search(url_path):
        return CACHE_HTML
    if HASHED_NAME.search(url_path) or HASHED_FOLDER.search(url_path):
        return CACHE_HASHED
    if url_path.startswith("/engine/") or "/engine/" in url_path:
        return CACHE_ENGINE
    return CACHE_OTHER


def accepted_encodings(header: str | None) -> list[str]:
    """Encodings we can send, best first, from an Accept-Encoding header."""
    weights: dict[str, float] = {}
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        token = token.strip().lower()
        if not token:
            continue
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        weights[token] = q
    star = weights.get("*")
    chosen = []
    for name in ("br", "gzip"):
        q = weights.get(name, star if star is not None else 0.0)
        if q > 0:
            chosen.append((q, name))
    # Equal weights: brotli first, it is smaller.
    chosen.sort(key=lambda item: (-item[0], item[1] != "br"))
    return [name for _, name in chosen]


@dataclass(frozen=True)
class Variant:
    body: bytes
    etag: str


class Compressor:
    """Compressed bodies, computed once per content hash."""

    def __init__(self, cache_dir: Path | None = CACHE_DIR):
        self.cache_dir = cache_dir
        self.memory: dict[tuple[str, str], bytes] = {}
        self.best: set[tuple[str, str]] = set()
        self.lock = threading.Lock()

    def get(self, data: bytes, digest: str, encoding: str, best: bool = False) -> bytes:
        """`best`: the highest level, as a host's precompressed files (brotli
        11 takes ~45 s for the wasm, so it is done ahead, by `warm`, and kept
        on disk); otherwise the fast level hosts use on the fly, unless a
        best one is already there."""
        key = (digest, encoding)
        with self.lock:
            if key in self.memory and (not best or key in self.best):
                return self.memory[key]
        disk = self.cache_dir / f"{digest}{ENCODINGS[encoding]}" if self.cache_dir else None
        if disk and disk.is_file():
            body, best = disk.read_bytes(), True
        elif not best:
            body = brotli.compress(data, quality=5) if encoding == "br" else gzip.compress(data, 6, mtime=0)
        else:
            body = brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, 9, mtime=0)
            if disk:
                disk.parent.mkdir(parents=True, exist_ok=True)
                tmp = disk.with_name(disk.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
                tmp.write_bytes(body)
                tmp.replace(disk)
        with self.lock:
            self.memory[key] = body
            if best:
                self.best.add(key)
        return body


class StaticSite:
    def __init__(self, root: Path, compressor: Compressor | None = None):
        self.root = Path(root).resolve()
        self.compressor = compressor or Compressor()
        self.sent: dict[str, int] = {}
        self.sent_lock = threading.Lock()

    def count(self, url_path: str, body_bytes: int) -> None:
        """Response body bytes sent, per path (the benchmark's cross-check of
        what the browser reports, which misses some worker requests)."""
        with self.sent_lock:
            self.sent[url_path] = self.sent.get(url_path, 0) + body_bytes

    def reset_count(self) -> dict[str, int]:
        with self.sent_lock:
            sent, self.sent = self.sent, {}
        return sent

    def resolve(self, url_path: str) -> tuple[Path | None, bool]:
        """(file, needs_slash_redirect) for a URL path inside the root."""
        path = unquote(url_path)
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None, False
        if target.is_dir():
            if not path.endswith("/"):
                return target, True
            target = target / "index.html"
        return (target if target.is_file() else None), False

    def not_found_page(self, url_path: str) -> Path:
        """The 404 page of the directory a missing path is under (the site's
        /kk/404.html for /kk/anything), else the root one: each language's
        readers get theirs (scripts/not_found.py writes them)."""
        first = unquote(url_path).lstrip("/").split("/", 1)[0]
        if first and first not in (".", "..") and "/" in unquote(url_path).lstrip("/"):
            page = self.root / first / "404.html"
            if page.is_file():
                return page
        return self.root / "404.html"

    def variant(self, file: Path, encoding: str | None, best: bool = False) -> Variant:
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:20]
        if encoding is None:
            return Variant(data, f'"{digest}"')
        pre = file.with_name(file.name + ENCODINGS[encoding])
        if pre.is_file() and pre.stat().st_mtime >= file.stat().st_mtime:
            body = pre.read_bytes()
        else:
            body = self.compressor.get(data, digest, encoding, best)
        return Variant(body, f'"{digest}-{encoding}"')

    def warm(self, workers: int = 2) -> int:
        """Compresses every compressible file ahead of time (a host serves
        precompressed files; compressing the 9.6 MB wasm at brotli 11 on the
        first request would be measured as network time). Returns the count."""
        files = [p for p in self.root.rglob("*")
                 if p.is_file() and p.suffix not in (".br", ".gz") and is_compressible(content_type(p))]
        jobs = [(f, e) for f in files for e in ENCODINGS]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda job: self.variant(*job, best=True), jobs))
        return len(files)


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def make_handler(site: StaticSite, log: bool = False):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "static-host"
        sys_version = ""

        def log_message(self, fmt, *args):  # noqa: D401 - quiet unless asked
            if log:
                super().log_message(fmt, *args)

        def handle(self):
            # A client that goes away mid-answer (a closed tab, a test that
            # cuts the network, the browser dropping a download it no longer
            # needs) is normal for a host: one line, not a traceback.
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as error:
                self.close_connection = True
                request = getattr(self, "requestline", "") or "a request"
                print(f"static_host: client {self.client_address[0]} disconnected during {request} "
                      f"({type(error).__name__})", file=sys.stderr, flush=True)

        def do_HEAD(self):
            self.respond(head=True)

        def do_GET(self):
            self.respond(head=False)

        def respond(self, head: bool):
            url_path = urlsplit(self.path).path or "/"
            file, redirect = site.resolve(url_path)
            if redirect:
                query = urlsplit(self.path).query
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.OK
            if file is None:
                status = HTTPStatus.NOT_FOUND
                file = site.not_found_page(url_path)
                if not file.is_file():
                    body = b"Not Found"
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not head:
                        self.wfile.write(body)
                    return
            ctype = content_type(file)
            encoding = None
            if is_compressible(ctype):
                encodings = accepted_encodings(self.headers.get("Accept-Encoding"))
                encoding = encodings[0] if encodings else None
            variant = site.variant(file, encoding)
            if status == HTTPStatus.OK and etag_matches(self.headers.get("If-None-Match"), variant.etag):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.common_headers(url_path, ctype, variant, encoding)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(variant.body)))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.common_headers(url_path, ctype, variant, encoding)
            self.end_headers()
            if not head:
                self.wfile.write(variant.body)
                site.count(url_path, len(variant.body))

        def common_headers(self, url_path: str, ctype: str, variant: Variant, encoding: str | None):
            self.send_header("ETag", variant.etag)
            self.send_header("Cache-Control", cache_control(url_path, ctype))
            if is_compressible(ctype):
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("X-Content-Type-Options", "nosniff")

    return Handler


class StaticHost:
    """A running host on 127.0.0.1 in a background thread (for the benchmark
    and tests): `with StaticHost(site) as host: host.url`."""

    def __init__(self, root: Path, port: int = 0, warm: bool = False, log: bool = False,
                 cache_dir: Path | None = CACHE_DIR):
        self.site = StaticSite(root, Compressor(cache_dir))
        if warm:
            self.site.warm()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(self.site, log))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "StaticHost":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-warm", action="store_true", help="compress on first request instead of at start")
    parser.add_argument("--log", action="store_true")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"static_host: {args.root} is not a directory (run `make site`)", file=sys.stderr)
        return 1
    if not args.no_warm:
        print("Compressing the site ahead, as hosts serve precompressed files "
              "(the first time takes about a minute; kept in build/static-host-cache)…", flush=True)
    host = StaticHost(args.root, args.port, warm=not args.no_warm, log=args.log)
    print(f"Serving {args.root} at {host.url}/ (brotli/gzip, ETag, Cache-Control); Ctrl-C stops")
    try:
        host.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        host.server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
