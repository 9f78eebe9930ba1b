// The eligibility engine: Pyodide running our Python rules. One code path for
// every way the engine runs: worker.js runs it in a Web Worker (the site over
// http), transport-file.js on the page's main thread (the offline copy opened
// from file://, where workers and fetch of files are refused). They differ
// only in where this runs and how the engine's bytes arrive (network or
// memory): both answer `fetch` for the files below.
//
// A classic script (no import/export): loaded by `import` in the module worker
// and by a <script> element offline. It defines `EligibilityEngine.start`.
//
// Messages in:  {type: "evaluate", id, request, lang}   request: JSON string for
//                                                 eligibility.browser.evaluate_json
//               {type: "qr", id, text}            text: the result link
// Messages out: {type: "progress", stage, loaded, total}
//               {type: "ready", start: "fresh" | "restored", keep}   restored: from saved memory;
//                                                 keep: {cache, files, transfer} for "Keep for
//                                                 offline use", or null where there is no cache
//               {type: "saved"}                   memory saved for the next visit
//               {type: "kept"}                    background keeping done (backgroundKeeping;
//                                                 nothing on a slow line): for tests
//               {type: "failed", reason}          reason: a key of the page's status texts
//               {type: "result", id, response}    response: JSON string from Python
//               {type: "qr", id, svg}             or {type: "qr", id, error: reason}: no QR code,
//                                                 the engine lives on (printing is optional)
//               {type: "alive", busy}             heartbeat; busy: a long CPU task comes next
//                                                 (Python's start, unpacking, loading content),
//                                                 during which no message can be sent
// No rule and no sentence lives here: Python decides, content/ words it.
(function () {
  "use strict";

  // What Python's start needs, asked for at once by every start: the wasm and
  // the standard library are asked for by Pyodide itself (handed the
  // responses already under way), the manifest by us; Pyodide's JavaScript
  // comes with the worker's scripts. On a slow connection all downloads share
  // the line, so everything else waits until these have arrived and then
  // arrives while Python starts (seconds of CPU, no bytes): our wheel and the
  // page's content (content-<languages>.json: the texts of the page's language
  // and its print sheet's only). The QR-code library (segno) and the
  // standard-library modules only it imports are fetched only for printing.
  // The standard library is one of two (chooseStandardLibrary below).
  const EARLY = ["manifest.json", "pyodide.asm.wasm"];
  const START_NEEDS = ["pyodide.asm.wasm"];

  // The two standard libraries scripts/build_engine.py makes: the same
  // modules, as source and as bytecode compiled for this Pyodide's Python.
  const STDLIB = { source: "python_stdlib.zip", compiled: "python_stdlib_compiled.zip" };
  // Mbit/s of `navigator.connection.downlink` above which the bytecode pays.
  // It weighs about 0.5 MB more (4 Mbit) and spares Python's start compiling
  // each module it imports: about 2 s of CPU on an idle 2-core desktop VM
  // (3 s -> 0.8 s under Node; README "Speed"), several times that on a cheap
  // phone. At 5 Mbit/s the extra bytes cost 0.8 s, under half of the VM's
  // saving, which leaves room for the browser's estimate being optimistic
  // (it is coarse, noisy by design and capped at 10). Slow 4G (1.6 Mbit/s)
  // would pay 2.5 s: no.
  const FAST_DOWNLINK_MBPS = 5;

  // Bytes are cheap: `navigator.connection` reports a fast line (effectiveType
  // "4g" and a downlink above FAST_DOWNLINK_MBPS) and the visitor has not
  // asked to save data. False where the API is missing (Safari, Firefox):
  // nothing says the bytes are cheap there.
  function fastConnection() {
    const connection = globalThis.navigator && globalThis.navigator.connection;
    if (!connection || connection.saveData) return false;
    return connection.effectiveType === "4g" && connection.downlink > FAST_DOWNLINK_MBPS;
  }

  function failure(reason, message) {
    return Object.assign(new Error(message || reason), { reason });
  }

  function failureReason(error) {
    if (error && error.reason) return error.reason;
    if (error instanceof RangeError || /memory/i.test(String(error && error.message))) return "memory";
    if (error instanceof TypeError && /fetch/i.test(String(error.message))) return "network";
    return "generic";
  }

  // Compressed a slice at a time (see save below).
  const SNAPSHOT_SLICE = 64 * 1024;
  // Beside the saved memory: the standard library it was taken with.
  const STDLIB_HEADER = "X-Standard-Library";

  // The cache the service worker keeps this engine build's files in,
  // "engine-<hash>" (scripts/build_service_worker.mjs), from the engine
  // folder's name (engine/<hash>/); null for an engine without one (the
  // offline copy's engine/).
  function engineCacheName(base) {
    const build = /\/engine\/([0-9a-f]+)\/$/.exec(new URL(base).pathname);
    return build ? `engine-${build[1]}` : null;
  }

  // Warm starts. Python's own start is seconds of CPU on a phone (it compiles
  // each standard-library module it imports), every visit. So after a first
  // start Pyodide's memory is kept, gzip-compressed, in the browser's cache of
  // this engine build ("engine-<hash>", the cache the service worker keeps
  // the engine's files in and drops with the build); later visits restore it
  // instead (Pyodide's _makeSnapshot/_loadSnapshot options, pinned with
  // Pyodide in package-lock.json and exercised by tests/wizard). It is taken
  // once the rules are imported and before their content is loaded, so one
  // saved memory serves the wizard in every language (each start loads its
  // page's content file into it), and before the first question reaches
  // Python, so it holds no answer.
  // Returns null where the Cache API is unavailable (file://, plain http).
  function snapshotStore(base) {
    const cacheName = engineCacheName(base);
    if (!cacheName || !globalThis.isSecureContext || !globalThis.caches || !globalThis.CompressionStream) return null;
    const key = new URL("memory-snapshot.gz", base).href;
    return {
      // The standard library (one of `names`) the saved memory was taken
      // with, else one this cache already holds, else null.
      async standardLibrary(names) {
        try {
          const cache = await caches.open(cacheName);
          const saved = await cache.match(key);
          const used = saved && saved.headers.get(STDLIB_HEADER);
          if (names.includes(used)) return used;
          for (const name of names) if (await cache.match(new URL(name, base).href)) return name;
        } catch (error) {
          // no cache to read: the connection decides
        }
        return null;
      },
      // The saved memory, or null (none yet, or unreadable: start afresh).
      async load() {
        try {
          const response = await (await caches.open(cacheName)).match(key);
          if (!response) return null;
          const plain = response.body.pipeThrough(new DecompressionStream("gzip"));
          return new Uint8Array(await new Response(plain).arrayBuffer());
        } catch (error) {
          return null;
        }
      },
      // In the background, a slice at a time: compressing the whole at once
      // would hold up the answer to a question that arrives meanwhile.
      async save(bytes, stdlib) {
        try {
          const gzip = new CompressionStream("gzip");
          const headers = { "Content-Type": "application/gzip", [STDLIB_HEADER]: stdlib };
          const stored = caches.open(cacheName).then((cache) => cache.put(
            key, new Response(gzip.readable, { headers })));
          const writer = gzip.writable.getWriter();
          for (let at = 0; at < bytes.length; at += SNAPSHOT_SLICE) {
            await writer.write(bytes.subarray(at, at + SNAPSHOT_SLICE));
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          await writer.close();
          await stored;
          return true;
        } catch (error) {
          return false; // not saved (storage full, say): the next visit starts afresh
        }
      },
      forget() {
        return caches.open(cacheName).then((cache) => cache.delete(key)).catch(() => {});
      },
      // Files kept beside the saved memory in the background (what and when:
      // backgroundKeeping below). A fetch failure here only means that file
      // needs a connection later.
      async keep(urls) {
        try {
          const cache = await caches.open(cacheName);
          for (const address of urls) {
            if (!(await cache.match(address))) await cache.add(address);
          }
        } catch (error) {
          // Offline or storage full: printing fetches them when asked.
        }
      },
      // A kept file, or null.
      async match(address) {
        try {
          return (await (await caches.open(cacheName)).match(address)) || null;
        } catch (error) {
          return null;
        }
      },
    };
  }

  // Which standard library this start downloads (a file name of STDLIB):
  // - the offline copy (file://) reads from disk: no byte costs anything, so
  //   the compiled one (the only one it carries);
  // - a warm visit: the one the engine's cache already holds. A saved memory
  //   (snapshotStore) comes first: it was taken with one zip and holds
  //   zipimport's table of that zip's offsets, so restoring it over the
  //   other zip would read the wrong bytes. Costs no byte either;
  // - Save-Data (the visitor asked to spend as few bytes as possible): the
  //   source one, the smaller download;
  // - a fast connection (effectiveType "4g" and a downlink above
  //   FAST_DOWNLINK_MBPS): the compiled one, its extra bytes cost less than
  //   the CPU it saves;
  // - otherwise, and where the API is missing (Safari, Firefox): the source
  //   one, which costs a slow connection no extra byte.
  // Nothing of this is shown: the status line says the same either way.
  async function chooseStandardLibrary(base, snapshots) {
    if (new URL(base).protocol === "file:") return STDLIB.compiled;
    const held = snapshots ? await snapshots.standardLibrary(Object.values(STDLIB)) : null;
    if (held) return held;
    return fastConnection() ? STDLIB.compiled : STDLIB.source;
  }

  // The content file of a page in `lang` (manifest.content, written by
  // scripts/build_engine.py): an unknown language gets the default
  // language's, whose texts every page can show.
  function contentFile(manifest, lang) {
    return manifest.content[lang] || manifest.content[manifest.default_language];
  }

  // What this engine keeps in its cache in the background, beside the saved
  // memory, for a visitor who comes back offline (file names; none = keep
  // nothing): the QR-code library (segno and its standard-library zip, for
  // printing the sheet with its QR code) and the other languages' content
  // files (for opening the wizard in another language). Most visitors never
  // need either, so they are fetched only when bytes are cheap: on a fast
  // line, the same test that buys the compiled standard library
  // (fastConnection). On a slow line or with Save-Data nothing extra is
  // downloaded: such a visitor must not pay for files most never use.
  // There, offline, the sheet prints without its QR code and says why (the
  // page's .wz-print-qr-missing), and a wizard in a language not opened
  // online needs a connection once. The page's "Keep for offline use"
  // (wizard.js offerKeep) keeps all of it, at the visitor's asking.
  function backgroundKeeping(manifest, lang) {
    if (!fastConnection()) return [];
    const names = [manifest.on_demand.segno];
    if (manifest.on_demand.segno_stdlib) names.push(manifest.on_demand.segno_stdlib);
    const own = contentFile(manifest, lang);
    return [...names, ...new Set(Object.values(manifest.content).filter((name) => name !== own))];
  }

  // options: {base: URL of the engine folder,
  //           loadPyodide: () => Promise<Pyodide's loadPyodide> (called at once, so
  //             the transport can start loading Pyodide's scripts meanwhile),
  //           post: (message) => void,
  //           beforeBusy: optional () => Promise, lets the page paint before a long task,
  //           lang: the page's language: its content file is downloaded
  //             (contentFile; the default language's when unknown or missing),
  //           warmStart: optional boolean, keep and restore Pyodide's memory (above),
  //           startDelayMs: optional, test only (tests/wizard/test_engine_resilience.py):
  //             holds the thread this long before Python's start, a slow phone's
  //             start, in blocking slices with a heartbeat between them}
  function start(options) {
    const base = options.base;
    const post = options.post;
    const beforeBusy = options.beforeBusy || (() => Promise.resolve());
    const url = (name) => new URL(name, base).href;
    const sourceFetch = globalThis.fetch.bind(globalThis);
    const started = new Map();
    let sizes = null;
    let loaded = 0;
    let stage = "starting";
    let browserModule = null;
    let pyodide = null;
    let manifest = null;
    let segno = null;
    let stdlibAdded = false;
    let keepFiles = null;
    const queue = [];
    const arrivals = new Map(); // name -> {promise, resolve}: its last byte has arrived

    // Pyodide starts while the wasm still streams in: until what Python's
    // start needs has arrived the reader is told about the download, then
    // about the start (the rest arrives meanwhile, see EARLY).
    let startFilesIn = false;
    function report() {
      if (!sizes) return;
      const total = Object.values(sizes).reduce((a, b) => a + b, 0);
      const done = loaded + (pyodideScriptLoaded ? sizes["pyodide.asm.mjs"] || 0 : 0);
      const downloading = done < total && !startFilesIn;
      post({ type: "progress", stage: downloading ? "downloading" : stage, loaded: Math.min(done, total), total });
    }

    function arrival(name) {
      if (!arrivals.has(name)) {
        let resolve;
        const promise = new Promise((done) => { resolve = done; });
        arrivals.set(name, { promise, resolve });
      }
      return arrivals.get(name);
    }

    // Counts a response's bytes as they arrive, on a clone: the original goes
    // untouched to its reader (for the wasm: WebAssembly.instantiateStreaming,
    // which compiles while the bytes arrive and lets the browser cache the
    // compiled code). Also says when the last byte has arrived (or the
    // download broke off: its reader, Pyodide or ours, reports that).
    function counted(name, response) {
      if (!response.ok) throw failure("network", `${name}: HTTP ${response.status}`);
      // Only the start's downloads count: the manifest is not among the sizes it
      // lists, and a later download (segno, for printing) must not tell the page
      // the engine is loading again.
      if (name === "manifest.json" || (sizes && !(name in sizes))) {
        arrival(name).resolve(); // not watched: nothing waits for it
        return response;
      }
      const copy = response.clone();
      if (copy.body) {
        const reader = copy.body.getReader();
        let got = 0;
        const pump = () => reader.read().then(({ done, value }) => {
          if (done) return;
          loaded += value.length;
          got += value.length;
          // The last byte, said at once: Pyodide goes on as soon as it has
          // it (and holds the thread while Python starts).
          if (sizes && got >= sizes[name]) arrival(name).resolve();
          report();
          return pump();
        });
        pump().catch(() => {}).then(() => arrival(name).resolve());
      } else {
        arrival(name).resolve();
      }
      return response;
    }

    function download(name) {
      if (!started.has(name)) {
        const request = sourceFetch(url(name)).then((response) => counted(name, response));
        started.set(name, request);
        // A failed download is asked for again next time (a print after the
        // connection is back), not answered with the old failure.
        request.catch(() => started.get(name) === request && started.delete(name));
      }
      return started.get(name);
    }

    // The files only printing needs: from the engine's cache when kept there
    // (backgroundKeeping, or the page's Keep), else from the network.
    async function onDemandBytes(name) {
      const kept = snapshots ? await snapshots.match(url(name)) : null;
      if (kept) return new Uint8Array(await kept.arrayBuffer());
      const response = await download(name);
      return new Uint8Array(await response.clone().arrayBuffer());
    }

    // Heartbeats: the page's stall rule counts every message as progress, and
    // a CPU-bound stage sends no byte count. Posted between stages and around
    // each long call (nothing can be posted while Python holds the thread),
    // and every second while the thread is free (Pyodide's start yields now
    // and then).
    function alive(busy) {
      post({ type: "alive", busy: !!busy });
    }
    const heartbeat = setInterval(() => alive(false), 1000);

    async function testDelay(ms) {
      const SLICE = 250;
      for (let waited = 0; waited < ms; waited += SLICE) {
        alive(false); // the next task is short
        const until = Date.now() + SLICE;
        while (Date.now() < until) { /* a slow phone's CPU, on purpose */ }
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }

    async function bytesOf(name) {
      return new Uint8Array(await (await download(name)).arrayBuffer());
    }

    const snapshots = options.warmStart ? snapshotStore(base) : null;
    const stdlib = chooseStandardLibrary(base, snapshots);
    const early = [...EARLY.map(download), stdlib.then(download)];
    const snapshot = snapshots ? snapshots.load() : Promise.resolve(null); // read while the rest downloads
    // Pyodide's JavaScript half (pyodide.asm.mjs) is loaded as a script, not
    // fetched: counted whole once it is there.
    let pyodideScriptLoaded = false;
    const pyodideLoader = options.loadPyodide();
    pyodideLoader.then(() => {
      pyodideScriptLoaded = true;
      report();
    }, () => {});

    // Pyodide fetches the wasm and the standard library itself: hand it the
    // responses already under way (each once) instead of a second download.
    globalThis.fetch = (input, init) => {
      const asked = new URL(input instanceof Request ? input.url : String(input), base).href;
      for (const name of [...EARLY, ...Object.values(STDLIB)]) {
        if (url(name) === asked && started.has(name)) {
          const response = started.get(name);
          started.delete(name);
          return response;
        }
      }
      return sourceFetch(input, init);
    };

    async function run() {
      if (typeof WebAssembly !== "object") throw failure("no_wasm");
      const manifestResponse = await download("manifest.json");
      manifest = JSON.parse(await manifestResponse.clone().text());
      const stdlibName = await stdlib;
      const contentName = contentFile(manifest, options.lang);
      // The manifest lists both standard libraries and every language's
      // content: only the ones downloaded count.
      const choices = [[stdlibName, Object.values(STDLIB)], [contentName, Object.values(manifest.content)]];
      sizes = Object.fromEntries(Object.entries(manifest.sizes).filter(
        ([name]) => choices.every(([chosen, all]) => name === chosen || !all.includes(name))));
      report();
      const startFilesArrived = Promise.all([
        ...[...START_NEEDS, stdlibName].map((name) => arrival(name).promise), pyodideLoader.catch(() => {})]);
      startFilesArrived.then(() => {
        startFilesIn = true;
        report();
      });
      const content = startFilesArrived.then(() => {
        manifest.wheels.forEach(download);
        return download(contentName);
      }).then((r) => r.clone().text());
      const loadPyodide = await pyodideLoader;
      await Promise.all(early); // every response has started (or a download failed: say so now)
      report();
      await beforeBusy();
      if (options.startDelayMs) await testDelay(options.startDelayMs);
      const settings = {
        indexURL: base,
        stdLibURL: url(stdlibName),
        // Only our own wheels are installed: an empty package map means Pyodide
        // never looks for pyodide-lock.json or a CDN.
        lockFileContents: { info: manifest.lock_info, packages: {} },
      };
      const saved = await snapshot;
      alive(true);
      if (saved) {
        try {
          pyodide = await loadPyodide({ ...settings, _loadSnapshot: saved });
        } catch (error) {
          // A snapshot this Pyodide refuses: start afresh and save a new one.
          console.warn("engine: saved memory refused, starting afresh", error);
          await snapshots.forget();
          pyodide = null;
        }
      }
      const restored = !!pyodide;
      if (!restored) {
        alive(true);
        pyodide = await loadPyodide({ ...settings, _makeSnapshot: !!snapshots });
      }

      stage = "installing";
      report();
      await beforeBusy();
      // Also after a restore: a module imported later (by a rule's lazy import)
      // is read from the files, which a snapshot does not hold.
      for (const name of manifest.wheels) {
        const bytes = await bytesOf(name);
        alive(true);
        pyodide.unpackArchive(bytes, "wheel");
      }
      alive(true);
      browserModule = pyodide.pyimport("eligibility.browser");
      const keep = () => snapshots.keep(backgroundKeeping(manifest, options.lang).map(url))
        .then(() => post({ type: "kept" }));
      if (!restored && snapshots) {
        // Before the content (one saved memory for every language) and before
        // any question (no answer in it): see snapshotStore.
        alive(true);
        snapshots.save(pyodide.makeMemorySnapshot(), stdlibName).then((saved) => {
          if (saved) post({ type: "saved" });
          return keep();
        });
      } else if (snapshots) {
        keep(); // kept already, unless an earlier visit could not (or was on a slow line)
      }
      // Fresh or restored, the page's own content: the saved memory holds none.
      const text = await content;
      alive(true);
      browserModule.load(text);
      // The page's "Keep for offline use": into this build's cache, every
      // file but the standard library not chosen (a later start from the
      // cache picks this one again).
      const cache = engineCacheName(base);
      keepFiles = manifest.keep && cache ? {
        cache,
        files: manifest.keep.files.filter((name) => name === stdlibName || !Object.values(STDLIB).includes(name)),
        transfer: manifest.keep.transfer,
      } : null;
      return restored;
    }

    // Printing only: the QR code of the result link.
    async function qrSvg(text) {
      if (!segno) {
        const stdlib = manifest.on_demand.segno_stdlib;
        const [wheel, modules] = await Promise.all([
          onDemandBytes(manifest.on_demand.segno), stdlib ? onDemandBytes(stdlib) : null]);
        if (modules && !stdlibAdded) {
          // The standard-library modules only segno imports (scripts/trim_stdlib.py).
          pyodide.FS.writeFile(`/lib/${stdlib}`, modules);
          const sys = pyodide.pyimport("sys");
          const path = sys.path;
          path.append(`/lib/${stdlib}`);
          path.destroy();
          sys.destroy();
          stdlibAdded = true;
        }
        pyodide.unpackArchive(wheel, "wheel");
        segno = pyodide.pyimport("segno");
      }
      const code = segno.make.callKwargs(text, { error: "m", micro: false });
      try {
        return code.svg_inline.callKwargs({ scale: 3, border: 2, omitsize: true });
      } finally {
        code.destroy();
      }
    }

    async function answer(message) {
      if (message.type === "evaluate") {
        post({ type: "result", id: message.id, response: browserModule.evaluate_json(message.request, message.lang) });
      } else if (message.type === "qr") {
        let svg;
        try {
          svg = await qrSvg(message.text);
        } catch (error) {
          // Printing is optional: the sheet goes without its QR code and
          // says why; the rules keep answering.
          console.warn("engine: no QR code", error);
          post({ type: "qr", id: message.id, error: failureReason(error) });
          return;
        }
        post({ type: "qr", id: message.id, svg });
      }
    }

    function answerSafely(message) {
      answer(message).catch((error) => {
        // evaluate_json never raises by contract; if it does, the page must say so, not wait.
        console.error(error);
        post({ type: "failed", reason: failureReason(error) });
      });
    }

    run().finally(() => clearInterval(heartbeat)).then(
      (restored) => {
        post({ type: "ready", start: restored ? "restored" : "fresh", keep: keepFiles });
        for (const message of queue.splice(0)) answerSafely(message);
      },
      (error) => {
        console.error(error);
        post({ type: "failed", reason: failureReason(error) });
      },
    );

    return {
      receive(message) {
        if (browserModule) answerSafely(message);
        else queue.push(message);
      },
    };
  }

  globalThis.EligibilityEngine = { start };
})();
