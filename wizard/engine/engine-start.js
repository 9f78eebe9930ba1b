// Starts the rules engine's Web Worker (worker.js) from the wizard page's
// <head>, before the page's content is read. wizard.js, which needs the form,
// runs only once the parser has read the whole content (about 100 KB of
// HTML): on the benchmark's 4G line the engine's downloads began 1 s after
// navigation, while the line carried almost nothing. From here they begin as
// soon as this small file and the stylesheets have arrived.
//
// A classic blocking script (overrides/wizard.html), so it has always run
// when wizard.js runs. It defines `EngineWorker.start()`, the one place a
// worker is created: the first call hands over the worker started here, with
// every message it sent meanwhile (they are held until wizard.js listens);
// a later call (Try again) starts a new one. Not on file:// (the offline
// copy has no workers: transport-file.js) nor without WebAssembly or Worker,
// where wizard.js says the engine cannot run.
(function () {
  "use strict";

  if (location.protocol === "file:" || typeof Worker !== "function" || typeof WebAssembly !== "object") return;
  const base = new URL("./", document.currentScript.src);

  // What the worker is told, in its URL's query (worker.js reads it). The
  // language comes first and alone on a visitor's page, so the URL is the
  // one overrides/wizard.html preloads (worker.js?lang=…): the worker's
  // script then comes from the HTTP cache. The service worker serves one
  // kept worker.js for every query (scripts/build_service_worker.mjs).
  function workerURL() {
    const url = new URL("worker.js", base);
    // The language of the page's texts: the worker downloads only its content.
    url.searchParams.set("lang", document.documentElement.lang);
    // Test only (tests/wizard/test_engine_resilience.py sets window.wizardTestHooks
    // with an init script): the engine holds its thread this long before
    // Python's start, as a slow phone would.
    const hooks = window.wizardTestHooks || {};
    if (hooks.startDelayMs) url.searchParams.set("test-start-delay", hooks.startDelayMs);
    return url;
  }

  // A worker whose events wait for their listener: the worker's own
  // onmessage/onerror hold them until wizard.js sets its handlers, then
  // deliver them in order. The shape is the Worker's (postMessage, terminate,
  // onmessage, onerror), as transport-file.js's port is.
  function held(worker) {
    const waiting = [];
    const handlers = { message: null, error: null };
    const deliver = () => {
      while (waiting.length && handlers[waiting[0].kind]) {
        const { kind, event } = waiting.shift();
        handlers[kind](event);
      }
    };
    worker.onmessage = (event) => {
      waiting.push({ kind: "message", event });
      deliver();
    };
    worker.onerror = (event) => {
      // A worker error with no listener would reach the console as uncaught:
      // wizard.js decides what it means once it listens.
      event.preventDefault();
      waiting.push({ kind: "error", event });
      deliver();
    };
    const port = {
      postMessage: (message) => worker.postMessage(message),
      terminate: () => worker.terminate(),
    };
    for (const kind of ["message", "error"]) {
      Object.defineProperty(port, "on" + kind, {
        get: () => handlers[kind],
        set: (handler) => {
          handlers[kind] = handler;
          deliver();
        },
      });
    }
    return port;
  }

  let early = null;
  try {
    early = held(new Worker(workerURL(), { type: "module" }));
  } catch (error) {
    // wizard.js tries again through start() and says what failed.
  }

  window.EngineWorker = {
    start() {
      const worker = early || held(new Worker(workerURL(), { type: "module" }));
      early = null;
      return worker;
    },
  };
})();
