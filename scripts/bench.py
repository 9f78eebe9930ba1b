"""How fast the wizard is on phone connections, against plain JavaScript.

    python -m scripts.bench [--runs 5] [--quick] [--site site] [--page /wizard/]

Serves `site/` with scripts/static_host.py (brotli/gzip, Cache-Control, ETag,
as real hosts do) and drives headless Chromium (Debian's, through Playwright)
on three lines (CDP `Network.emulateNetworkConditions`, which also sets what
`navigator.connection` reports, and so which standard library the engine
picks, see wizard/engine/engine.js chooseStandardLibrary):

- Slow-4G: 150 ms, 1.6 Mbit/s down, 750 kbit/s up (Lighthouse's mobile
  preset): a weak signal or a crowded cell;
- 4G: 170 ms, 9 Mbit/s down and up, WebPageTest's "4G" profile
  (github.com/WPO-Foundation/webpagetest, www/settings/connectivity.ini.sample):
  ordinary 4G, on the slow side of what mobile networks measure, so a gain
  shown here is one most 4G visitors get;
- unthrottled: emulation on with no throughput limit (1 ms latency), so the
  browser reports a fast line as it does on Wi-Fi (downlink 10 Mbit/s, its
  cap); without any emulation a fresh headless profile reports a default
  downlink of about 1.4 Mbit/s, and the engine would take it for a slow line.

Each cold (a new browser context: empty cache) and warm (a second navigation
in the same context, once the first visit has saved the engine's memory in
the background). Per run it records, from the navigation's start:

- form usable: the first question visible with an enabled control;
- engine ready: the page marks the Python engine ready;
- result: from submitting the last answer to the result shown;
- bytes: encoded response bytes as the browser reports them (CDP
  `Network.loadingFinished`, through Playwright so the worker's requests count),
  cross-checked with the bytes the host sent.

Also, per line, a first-time visitor at a human pace (a cold context): each
question answered 3 s after the previous one, from the moment the form is
usable, then the time from the last answer to the result. And the offline
copy (build/offline/, opened from file://, cold): form usable, engine ready.

The same runs load `bench/baseline.html`, the fixed flow answered by a few
lines of plain JS, from the same host. Prints a markdown table (min / median
/ max, ratio to the baseline's median and, on a throttled line, to the byte
floor: the bytes the visit transferred at the line's throughput, the least
any page needing them can take), writes it to `build/bench.md`, and says
whether each budget holds. Budgets are measured and reported here, not
asserted in tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.static_host import StaticHost, StaticSite, content_type, is_compressible

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
OUT = ROOT / "build" / "bench.md"

# --- What the pages mark (wizard/engine/wizard.js, scripts/templates/pages/wizard.md.j2) ---
ROOT_SELECTOR = "#wizard"                        # gets data-state="questions" once wizard.js ran
FIRST_QUESTION = "#wz-form .wz-question"         # the first question of the form
ENGINE_READY = '#wz-status.wz-status--ready, [data-engine="ready"]'
ENGINE_SAVED = '[data-engine-saved="yes"]'       # memory saved: the next visit restores it
ENGINE_START = "#wizard"                         # data-engine-start="fresh" | "restored"
RESULT_STATE = "result"                          # #wizard[data-state="result"]
ERRORS_STATE = "errors"                          # #wizard[data-state="errors"]
FORM = "#wz-form"
# The fixed flow: a temporary labour migrant from Uzbekistan with a VMS
# contract, planned care, another condition. Controls: radios for choices,
# <select> for country, <input type=number> for numbers.
FLOW = [("status", "temporary"), ("purpose", "work"), ("country", "UZ"), ("age", "30"),
        ("dms", "no"), ("vms", "yes"), ("care", "planned"), ("condition", "other")]
HOME_PAGES = ("/", "/en/")                       # must load no engine byte
ENGINE_PATH = "/engine/"

# --- Conditions and budgets ---
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8, "connectionType": "cellular4g"}
FOUR_G = {"offline": False, "latency": 170, "downloadThroughput": 9_000_000 / 8,
          "uploadThroughput": 9_000_000 / 8, "connectionType": "cellular4g"}
# 1 ms, not 0: with latency and both throughputs off Chromium ends the
# emulation, and navigator.connection goes back to its default estimate.
UNTHROTTLED = {"offline": False, "latency": 1, "downloadThroughput": -1, "uploadThroughput": -1}
NETWORKS = {"Slow-4G": SLOW_4G, "4G": FOUR_G, "unthrottled": UNTHROTTLED}
HUMAN_PACE_S = 3.0                               # per question, from the moment the form is usable
OFFLINE_COPY = ROOT / "build" / "offline" / "migrant-health-kz"
OFFLINE_PAGE = "en/wizard.html"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUDGET_ENGINE_BYTES = 3_500_000
BUDGET_FORM_MS = 1500
BUDGET_ENGINE_COLD_MS = 20_000
BUDGET_ENGINE_WARM_MS = 2500
BUDGET_RESULT_MS = 100
BUDGET_UNTHROTTLED_COLD_MS = 2000
BUDGET_4G_COLD_MS = 5000
BUDGET_SLOW_4G_FLOOR = 1.2                       # engine ready ≤ 1.2× the byte floor
BUDGET_HUMAN_RESULT_MS = 1000                    # Slow-4G, after the last answer at a human pace
BUDGET_OFFLINE_MS = 2000
# Before two standard libraries (issue 16): Slow-4G must not get worse. The
# payload as the table showed it then (3.49 MB, rounded to two decimals).
BEFORE_SLOW_4G_BYTES = 3_494_999
BEFORE_SLOW_4G_COLD_MS = 21_600
TIMEOUT_MS = 180_000

# Records, in page time (ms since navigation start), when the form became
# usable and when the engine became ready. Runs before any page script.
MARKS_SCRIPT = """
(() => {
  const marks = (window.__bench = {});
  const visible = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const checks = {
    form_usable: () => {
      const root = document.querySelector(%(root)r);
      const q = document.querySelector(%(question)r);
      if (!root || !root.dataset.state || !q || !visible(q)) return false;
      const control = q.querySelector("input, select");
      return !!control && !control.disabled;
    },
    engine_ready: () => !!document.querySelector(%(ready)r),
  };
  const poll = () => {
    const now = performance.now();
    for (const [name, check] of Object.entries(checks)) if (!(name in marks) && check()) marks[name] = now;
    if (Object.keys(marks).length < 2) setTimeout(poll, 10);
  };
  poll();
})();
""" % {"root": ROOT_SELECTOR, "question": FIRST_QUESTION, "ready": ENGINE_READY}

# Submits the answered form and resolves with the ms until the result shows
# (after the frame that paints it).
SUBMIT_SCRIPT = """
async ([rootSel, formSel, resultState, errorsState]) => {
  const root = document.querySelector(rootSel);
  const form = document.querySelector(formSel);
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const done = () => {
      const state = root.dataset.state;
      if (state !== resultState && state !== errorsState) return false;
      observer.disconnect();
      requestAnimationFrame(() => resolve({ ms: performance.now() - t0, state }));
      return true;
    };
    const observer = new MutationObserver(done);
    observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
    form.requestSubmit();
  });
}
"""


@dataclass
class Run:
    form_usable: float
    engine_ready: float
    result: float
    bytes: int                  # as the browser reports (headers + encoded bodies)
    engine_bytes: int           # the part under /engine/
    served_bytes: int           # response bodies the host sent (cross-check)
    start: str | None = None    # the wizard's engine: "fresh" or "restored" (saved memory)
    urls: list[str] = field(default_factory=list)
    floor: float | None = None  # ms the visit's bytes take at the line's throughput

    @property
    def stdlib(self) -> str:
        """The standard library the engine downloaded ("–" if none, e.g. warm)."""
        found = [u.rsplit("/", 1)[-1] for u in self.urls if "/python_stdlib" in u and "printing" not in u]
        return ", ".join(found) or "–"


class Traffic:
    """Encoded response bytes per request as the browser reports them
    (Playwright's `Request.sizes()`, from the DevTools protocol's
    `Network.loadingFinished`). A CDP session on the page alone misses the
    requests of the engine's Web Worker; Playwright follows the worker too."""

    def __init__(self, context):
        self.requests = []
        context.on("requestfinished", lambda request: self.requests.append(request))

    def reset(self):
        self.requests.clear()

    def sizes(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for request in list(self.requests):
            try:
                sizes = request.sizes()
            except Exception:  # a request of a page already gone
                continue
            found[request.url] = found.get(request.url, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return found

    @staticmethod
    def total(sizes: dict[str, int], needle: str = "") -> int:
        return sum(size for url, size in sizes.items() if needle in url)


def answer_flow(page, pace_s: float = 0.0, usable_at: float | None = None) -> None:
    """Answers the fixed flow; with `pace_s`, question i (from 1) is answered
    `i * pace_s` seconds after `usable_at` (page time, ms), as a reader would."""
    for number, (question, value) in enumerate(FLOW, 1):
        if pace_s:
            wait_ms = usable_at + number * pace_s * 1000 - page.evaluate("performance.now()")
            if wait_ms > 0:
                time.sleep(wait_ms / 1000)
        box = page.locator(f'{FORM} [data-question="{question}"]')
        control = box.locator("input, select").first
        tag = control.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if tag.startswith("select"):
            box.locator("select").select_option(value)
        elif tag.endswith(":radio") or tag.endswith(":checkbox"):
            box.locator(f'input[value="{value}"]').check()
        else:
            control.fill(value)


def navigate_and_measure(page, traffic: Traffic, url: str, host: StaticHost | None,
                         pace_s: float = 0.0) -> Run:
    traffic.reset()
    if host:
        host.site.reset_count()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    # Polled from here: wait_for_function evaluates a string in the page,
    # which the site's Content-Security-Policy (no 'unsafe-eval') refuses.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    # At a human pace the reader starts once the form is usable, engine or not.
    wanted = "'form_usable' in window.__bench" + ("" if pace_s else " && 'engine_ready' in window.__bench")
    while not page.evaluate(f"() => !!window.__bench && {wanted}"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: the engine was not ready within {TIMEOUT_MS / 1000:.0f} s")
        time.sleep(0.05)
    if pace_s:
        answer_flow(page, pace_s, page.evaluate("window.__bench.form_usable"))
    outcome = page.evaluate(SUBMIT_SCRIPT, [ROOT_SELECTOR, FORM, RESULT_STATE, ERRORS_STATE]) if pace_s else None
    while not page.evaluate("() => 'engine_ready' in window.__bench"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: the engine was not ready within {TIMEOUT_MS / 1000:.0f} s")
        time.sleep(0.05)
    marks = page.evaluate("window.__bench")
    start = page.evaluate(f"document.querySelector({ENGINE_START!r})?.dataset.engineStart ?? null")
    if not pace_s:
        answer_flow(page)
        outcome = page.evaluate(SUBMIT_SCRIPT, [ROOT_SELECTOR, FORM, RESULT_STATE, ERRORS_STATE])
    if outcome["state"] != RESULT_STATE:
        raise RuntimeError(f"{url}: the fixed flow ended in state {outcome['state']!r}, not a result")
    page.wait_for_load_state("load")
    time.sleep(0.3)  # let the last loadingFinished events arrive
    sizes = traffic.sizes()
    served = host.site.reset_count() if host else {}
    return Run(marks["form_usable"], marks["engine_ready"], outcome["ms"], Traffic.total(sizes),
               Traffic.total(sizes, ENGINE_PATH), sum(served.values()), start, sorted(sizes))


def byte_floor(run: Run, line: dict) -> float | None:
    """ms the run's bytes take at the line's throughput (None: unthrottled)."""
    throughput = line.get("downloadThroughput", -1)
    return run.bytes / throughput * 1000 if throughput > 0 else None


def wait_until_saved(page) -> None:
    """A warm visit comes later than the first one: by then the first visit's
    background work, saving the engine's memory, has finished."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not page.evaluate(f"!!document.querySelector({ENGINE_SAVED!r})"):
        if time.monotonic() > deadline:
            raise TimeoutError("the wizard's engine did not save its memory")
        time.sleep(0.1)


def measure(browser, url: str, line: dict, host: StaticHost) -> tuple[Run, Run]:
    """One cold visit in a fresh context, then a warm one in the same context."""
    context = browser.new_context()
    context.add_init_script(MARKS_SCRIPT)
    try:
        page = context.new_page()
        traffic = Traffic(context)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        # Applies to the page's Web Workers too (checked: a worker's 800 kB
        # fetch takes 4.2 s on Slow-4G, 0.15 s without), and to what their
        # navigator.connection reports.
        cdp.send("Network.emulateNetworkConditions", line)
        cold = navigate_and_measure(page, traffic, url, host)
        if cold.start == "fresh":  # the wizard (the baseline has no engine)
            wait_until_saved(page)
        warm = navigate_and_measure(page, traffic, url, host)
        cold.floor, warm.floor = byte_floor(cold, line), byte_floor(warm, line)
        return cold, warm
    finally:
        context.close()


def measure_human(browser, url: str, line: dict, host: StaticHost) -> Run:
    """A first-time visitor answering at HUMAN_PACE_S per question (cold)."""
    context = browser.new_context()
    context.add_init_script(MARKS_SCRIPT)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", line)
        run = navigate_and_measure(page, Traffic(context), url, host, pace_s=HUMAN_PACE_S)
        run.floor = byte_floor(run, line)
        return run
    finally:
        context.close()


def measure_offline(browser, copy: Path = OFFLINE_COPY) -> Run:
    """The offline copy opened from file:// in a fresh context (cold)."""
    context = browser.new_context()
    context.add_init_script(MARKS_SCRIPT)
    try:
        page = context.new_page()
        return navigate_and_measure(page, Traffic(context), (copy / OFFLINE_PAGE).as_uri(), None)
    finally:
        context.close()


def home_engine_requests(browser, base: str) -> dict[str, list[str]]:
    """Engine URLs requested by pages other than the wizard (must be none)."""
    found = {}
    for path in HOME_PAGES:
        context = browser.new_context()
        try:
            page = context.new_page()
            traffic = Traffic(context)
            page.goto(base + path, wait_until="load", timeout=TIMEOUT_MS)
            time.sleep(1.0)
            found[path] = [u for u in traffic.sizes() if ENGINE_PATH in u]
        finally:
            context.close()
    return found


COMPILED_STDLIB = "python_stdlib_compiled.zip"  # downloaded instead of python_stdlib.zip on a fast line


def page_language(page: str) -> str:
    """The language of a wizard page's path (/wizard/ is the default language's)."""
    from scripts.content import DEFAULT_LANGUAGE, LANGUAGES

    first = page.strip("/").split("/")[0]
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


def not_at_start(manifest: dict, lang: str) -> set[str]:
    """Engine files a page in `lang` does not download at start: those
    fetched only for printing (the QR code), and the content files of other
    pages. The Russian and Kazakh pages share one file: by name, not by
    language, so the page's own is never among them."""
    contents = manifest.get("content", {})
    own = contents.get(lang)
    return {*manifest.get("on_demand", {}).values(), *(name for name in contents.values() if name != own)}


def engine_wire_bytes(site: Path, lang: str) -> dict[str, int]:
    """What each engine file a page in `lang` downloads weighs on the wire
    from a brotli host: brotli for compressible types, as-is for zips and
    wheels (as scripts/static_host.py)."""
    import json

    import brotli

    sizes = {}
    on_demand = set()
    for manifest in (site / "engine").rglob("manifest.json"):
        on_demand |= not_at_start(json.loads(manifest.read_text(encoding="utf-8")), lang)
    for path in sorted((site / "engine").rglob("*")):  # engine/<hash>/
        if not path.is_file() or path.suffix in (".br", ".gz") or path.name in on_demand:
            continue
        data = path.read_bytes()
        compressible = is_compressible(content_type(path))
        sizes[path.name] = len(brotli.compress(data, quality=11)) if compressible else len(data)
    return sizes


def stats(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def fmt_ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def fmt_bytes(value: float) -> str:
    return f"{value / 1e6:.2f} MB" if value >= 100_000 else f"{value / 1e3:.1f} kB"


HUMAN = "human pace"   # the cache column of the human-pace visitor
OFFLINE = "offline copy (file://)"


def table(results: dict[tuple[str, str, str], list[Run]]) -> str:
    lines = ["| network | visit | metric | min | median | max | baseline (median) | ratio | byte floor | × floor |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    metrics = [("form usable", "form_usable", fmt_ms), ("engine ready", "engine_ready", fmt_ms),
               ("result after last answer", "result", fmt_ms), ("bytes transferred", "bytes", fmt_bytes)]
    for network in (*NETWORKS, OFFLINE):
        for cache in ("cold", "warm", HUMAN):
            runs = results.get((network, cache, "wizard"))
            base = results.get((network, cache, "baseline"))
            if not runs:
                continue
            for label, attr, fmt in metrics:
                if cache == HUMAN and attr != "result":
                    continue
                low, mid, high = stats([getattr(r, attr) for r in runs])
                base_mid = statistics.median([getattr(r, attr) for r in base]) if base else None
                ratio = f"{mid / base_mid:.1f}×" if base_mid else "–"
                floors = [r.floor for r in runs if r.floor is not None]
                floor = statistics.median(floors) if floors and attr == "engine_ready" else None
                visit = {HUMAN: f"cold, {HUMAN_PACE_S:.0f} s per question"}.get(cache, cache)
                lines.append(f"| {network} | {visit} | {label} | {fmt(low)} | {fmt(mid)} | {fmt(high)} | "
                             f"{fmt(base_mid) if base_mid is not None else '–'} | {ratio} | "
                             f"{fmt_ms(floor) if floor else '–'} | {f'{mid / floor:.2f}×' if floor else '–'} |")
    return "\n".join(lines)


def budgets(results, engine_sizes: dict[str, int], homes: dict[str, list[str]]) -> list[tuple[str, str, bool]]:
    def median(network, cache, attr):
        runs = results.get((network, cache, "wizard"))
        return statistics.median([getattr(r, attr) for r in runs]) if runs else None

    rows = []
    # What a slow line downloads: the source standard library, not the compiled one.
    total = sum(size for name, size in engine_sizes.items() if name != COMPILED_STDLIB)
    rows.append((f"engine payload with brotli, source standard library ≤ {fmt_bytes(BUDGET_ENGINE_BYTES)}",
                 fmt_bytes(total), total <= BUDGET_ENGINE_BYTES))
    rows.append((f"Slow-4G payload no more than before ({fmt_bytes(BEFORE_SLOW_4G_BYTES)})",
                 fmt_bytes(total), total <= BEFORE_SLOW_4G_BYTES))
    checks = [
        ("cold Slow-4G form usable", ("Slow-4G", "cold", "form_usable"), BUDGET_FORM_MS),
        ("cold Slow-4G engine ready", ("Slow-4G", "cold", "engine_ready"), BUDGET_ENGINE_COLD_MS),
        ("cold Slow-4G engine ready no later than before", ("Slow-4G", "cold", "engine_ready"),
         BEFORE_SLOW_4G_COLD_MS),
        ("warm Slow-4G engine ready", ("Slow-4G", "warm", "engine_ready"), BUDGET_ENGINE_WARM_MS),
        ("cold 4G engine ready", ("4G", "cold", "engine_ready"), BUDGET_4G_COLD_MS),
        ("cold unthrottled engine ready", ("unthrottled", "cold", "engine_ready"), BUDGET_UNTHROTTLED_COLD_MS),
        ("result after the last answer (cold Slow-4G)", ("Slow-4G", "cold", "result"), BUDGET_RESULT_MS),
        (f"result after the last answer at {HUMAN_PACE_S:.0f} s per question (Slow-4G)",
         ("Slow-4G", HUMAN, "result"), BUDGET_HUMAN_RESULT_MS),
        ("offline copy engine ready", (OFFLINE, "cold", "engine_ready"), BUDGET_OFFLINE_MS),
    ]
    for label, key, limit in checks:
        value = median(*key)
        if value is not None:
            rows.append((f"{label} ≤ {fmt_ms(limit)} (median)", fmt_ms(value), value <= limit))
    runs = results.get(("Slow-4G", "cold", "wizard")) or []
    ratios = [r.engine_ready / r.floor for r in runs if r.floor]
    if ratios:
        ratio = statistics.median(ratios)
        rows.append((f"cold Slow-4G engine ready ≤ {BUDGET_SLOW_4G_FLOOR}× the byte floor (median)",
                     f"{ratio:.2f}×", ratio <= BUDGET_SLOW_4G_FLOOR))
    leaked = {page: urls for page, urls in homes.items() if urls}
    rows.append(("pages other than the wizard load no engine bytes (" + ", ".join(homes) + ")",
                 "none" if not leaked else "; ".join(f"{p}: {len(u)} engine requests" for p, u in leaked.items()),
                 not leaked))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run each, Slow-4G only (and the offline copy)")
    parser.add_argument("--network", action="append", choices=list(NETWORKS),
                        help="only this line (repeatable); default: all")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline copy")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--page", default="/wizard/", help="the wizard page's path")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    networks = ["Slow-4G"] if args.quick else (args.network or list(NETWORKS))
    if not (args.site / args.page.strip("/") / "index.html").is_file():
        print(f"bench: {args.site}{args.page} not built (run `make site`)", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    print("bench: compressing the site as a host would (cached in build/static-host-cache)…", file=sys.stderr)
    StaticSite(args.site).warm()
    StaticSite(BENCH_DIR).warm()
    results: dict[tuple[str, str, str], list[Run]] = {}
    with StaticHost(args.site) as site_host, StaticHost(BENCH_DIR) as bench_host, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            targets = [("wizard", site_host.url + args.page, site_host),
                       ("baseline", bench_host.url + "/baseline.html", bench_host)]
            for network in networks:
                line = NETWORKS[network]
                for name, url, host in targets:
                    for i in range(runs):
                        cold, warm = measure(browser, url, line, host)
                        results.setdefault((network, "cold", name), []).append(cold)
                        results.setdefault((network, "warm", name), []).append(warm)
                        print(f"bench: {network} {name} run {i + 1}/{runs}: cold engine {fmt_ms(cold.engine_ready)}"
                              f", warm {fmt_ms(warm.engine_ready)}, {fmt_bytes(cold.bytes)}"
                              + (f", {cold.stdlib}" if name == "wizard" else ""), file=sys.stderr)
                for i in range(runs):
                    human = measure_human(browser, targets[0][1], line, site_host)
                    results.setdefault((network, HUMAN, "wizard"), []).append(human)
                    print(f"bench: {network} human pace run {i + 1}/{runs}: result {fmt_ms(human.result)} after"
                          f" the last answer, engine {fmt_ms(human.engine_ready)}", file=sys.stderr)
            if args.no_offline:
                pass
            elif (OFFLINE_COPY / OFFLINE_PAGE).is_file():
                for i in range(runs):
                    offline = measure_offline(browser)
                    results.setdefault((OFFLINE, "cold", "wizard"), []).append(offline)
                    print(f"bench: offline copy run {i + 1}/{runs}: engine {fmt_ms(offline.engine_ready)}",
                          file=sys.stderr)
            else:
                print(f"bench: no offline copy in {OFFLINE_COPY} (make site builds it): not measured", file=sys.stderr)
            homes = home_engine_requests(browser, site_host.url)
        finally:
            browser.close()

    engine_sizes = engine_wire_bytes(args.site, page_language(args.page))
    first = next(network for network in networks)
    measured_engine = statistics.median(r.engine_bytes for r in results[(first, "cold", "wizard")])
    served = statistics.median(r.served_bytes for r in results[(first, "cold", "wizard")])
    report = [f"# Wizard benchmark ({runs} run{'s' if runs > 1 else ''} each; page {args.page})", "",
              table(results), "",
              "Engine files on the wire from a brotli host (zips and wheels are sent as they are):", "",
              "| file | bytes |", "|---|---:|"]
    report += [f"| {name} | {size:,} |" for name, size in engine_sizes.items()]
    source_total = sum(size for name, size in engine_sizes.items() if name != COMPILED_STDLIB)
    compiled_total = sum(size for name, size in engine_sizes.items() if name != "python_stdlib.zip")
    report += [f"| **total with python_stdlib.zip** (slow lines, Save-Data, no API) | **{source_total:,}** |",
               f"| **total with {COMPILED_STDLIB}** (fast lines, warm, offline) | **{compiled_total:,}** |", "",
               f"Measured engine bytes in a cold {first} visit (browser-reported, median): {measured_engine:,.0f}; "
               f"response bodies the host sent for the whole visit (median): {served:,.0f}", "",
               "Engine starts (cold, then warm): " + "; ".join(
                   f"{network} {cache} " + ", ".join(sorted({r.start or '?' for r in runs}))
                   for (network, cache, name), runs in results.items() if name == "wizard"), "",
               "Standard library downloaded (engine.js, chooseStandardLibrary): " + "; ".join(
                   f"{network} {cache} " + ", ".join(sorted({r.stdlib for r in runs}))
                   for (network, cache, name), runs in results.items() if name == "wizard"), "",
               "| budget | measured | holds |", "|---|---:|:---:|"]
    report += [f"| {label} | {value} | {'yes' if ok else '**no**'} |"
               for label, value, ok in budgets(results, engine_sizes, homes)]
    text = "\n".join(report) + "\n"
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
