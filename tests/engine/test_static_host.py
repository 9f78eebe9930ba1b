"""The benchmark's host must behave like a real static host, or its numbers
mean nothing: compression by Accept-Encoding, wasm MIME type, caching headers,
revalidation."""

from __future__ import annotations

import gzip
import http.client

import brotli
import pytest

from scripts.static_host import StaticHost, accepted_encodings

WASM = bytes(range(256)) * 400 + b"\0asm" * 1000
SCRIPT = b"const answer = 42;\n" * 500
PAGE = "<!doctype html><title>Главная</title><p>Привет</p>\n".encode() * 50


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "engine").mkdir()
    (root / "engine" / "pyodide.asm.wasm").write_bytes(WASM)
    (root / "engine" / "python_stdlib.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (root / "assets").mkdir()
    (root / "assets" / "bundle.8492ddcd.min.js").write_bytes(SCRIPT)
    (root / "en").mkdir()
    (root / "en" / "index.html").write_bytes(PAGE)
    (root / "index.html").write_bytes(PAGE)
    (root / "404.html").write_bytes(b"<!doctype html><title>404</title>")
    (root / "en" / "404.html").write_bytes(b"<!doctype html><title>Page not found</title>")
    with StaticHost(root, cache_dir=None) as running:
        yield running


def get(host, path, method="GET", **headers):
    conn = http.client.HTTPConnection(host.server.server_address[0], host.server.server_address[1], timeout=10)
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_brotli_when_offered(host):
    response, body = get(host, "/engine/pyodide.asm.wasm", **{"Accept-Encoding": "gzip, deflate, br"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == WASM
    assert int(response.headers["Content-Length"]) == len(body) < len(WASM)
    assert response.headers["Vary"] == "Accept-Encoding"


def test_gzip_when_brotli_is_not_offered(host):
    response, body = get(host, "/assets/bundle.8492ddcd.min.js", **{"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT


def test_identity_without_accept_encoding_or_when_refused(host):
    response, body = get(host, "/assets/bundle.8492ddcd.min.js")
    assert "Content-Encoding" not in response.headers
    assert body == SCRIPT
    response, body = get(host, "/index.html", **{"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in response.headers
    assert body == PAGE


def test_q_values_choose_the_encoding():
    assert accepted_encodings("gzip;q=1.0, br;q=0.5") == ["gzip", "br"]
    assert accepted_encodings("br, gzip") == ["br", "gzip"]
    assert accepted_encodings("*") == ["br", "gzip"]
    assert accepted_encodings("identity") == []


def test_already_compressed_files_are_sent_as_they_are(host):
    response, body = get(host, "/engine/python_stdlib.zip", **{"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Type"] == "application/zip"
    assert "Content-Encoding" not in response.headers
    assert body.startswith(b"PK")


def test_wasm_has_its_mime_type(host):
    response, _ = get(host, "/engine/pyodide.asm.wasm", method="HEAD")
    assert response.headers["Content-Type"] == "application/wasm"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cache_control_short_for_html_long_for_hashed_and_engine(host):
    html, _ = get(host, "/en/")
    assert html.headers["Content-Type"].startswith("text/html")
    assert html.headers["Cache-Control"] == "no-cache"
    hashed, _ = get(host, "/assets/bundle.8492ddcd.min.js")
    assert "immutable" in hashed.headers["Cache-Control"]
    assert "max-age=31536000" in hashed.headers["Cache-Control"]
    engine, _ = get(host, "/engine/pyodide.asm.wasm")
    max_age = int(engine.headers["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 86400


def test_etag_revalidation_gives_304_per_encoding(host):
    first, body = get(host, "/index.html", **{"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    again, empty = get(host, "/index.html", **{"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status == 304
    assert empty == b""
    assert again.headers["ETag"] == etag
    # The gzip body is a different representation: the brotli tag must not match it.
    other, body = get(host, "/index.html", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert other.status == 200
    assert gzip.decompress(body) == PAGE
    stale, _ = get(host, "/index.html", **{"Accept-Encoding": "br", "If-None-Match": '"0000"'})
    assert stale.status == 200


def test_directory_without_slash_redirects_and_missing_file_is_404(host):
    response, _ = get(host, "/en")
    assert response.status == 301
    assert response.headers["Location"] == "/en/"
    missing, body = get(host, "/nowhere/")
    assert missing.status == 404
    assert b"404" in body
    outside, _ = get(host, "/../../etc/passwd")
    assert outside.status == 404


def test_hashed_engine_folder_is_immutable_and_service_worker_revalidates(tmp_path):
    (tmp_path / "engine" / "0123456789abcdef").mkdir(parents=True)
    (tmp_path / "engine" / "0123456789abcdef" / "pyodide.asm.wasm").write_bytes(WASM)
    (tmp_path / "sw.js").write_bytes(SCRIPT)
    with StaticHost(tmp_path, cache_dir=None) as running:
        engine, _ = get(running, "/engine/0123456789abcdef/pyodide.asm.wasm")
        worker, _ = get(running, "/sw.js")
    assert engine.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert worker.headers["Cache-Control"] == "no-cache"


def test_a_missing_path_below_a_language_gets_that_languages_404(host):
    missing, body = get(host, "/en/nowhere/")
    assert missing.status == 404 and b"Page not found" in body
    root_missing, body = get(host, "/nowhere/deeper/")
    assert root_missing.status == 404 and body == b"<!doctype html><title>404</title>"
    # "/en" itself redirects; a file-like path under /en/ is also a 404 in English.
    assert b"Page not found" in get(host, "/en/missing.html")[1]


def test_a_client_that_disconnects_is_one_log_line_not_a_traceback(tmp_path, capfd):
    import os
    import socket
    import struct
    import time

    (tmp_path / "big.zip").write_bytes(os.urandom(16 * 1024 * 1024))
    with StaticHost(tmp_path, cache_dir=None) as running:
        address = running.server.server_address[:2]
        client = socket.create_connection(address, timeout=10)
        client.sendall(b"GET /big.zip HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(1024)
        # Reset, not a polite close: the host's next write fails at once.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        logged = ""
        deadline = time.monotonic() + 20
        while "disconnected" not in logged and time.monotonic() < deadline:
            time.sleep(0.1)
            logged += capfd.readouterr().err
    assert "disconnected during GET /big.zip" in logged
    assert "Traceback" not in logged
    assert len([line for line in logged.splitlines() if "disconnected" in line]) == 1
