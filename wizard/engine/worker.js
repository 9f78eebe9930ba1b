// The engine of the site served over http: a module Web Worker, because
// Pyodide's start is one multi-second task and the page must stay usable.
// Everything else (downloads, Pyodide, the rules) is engine.js, shared with
// the offline copy (transport-file.js runs it on the page instead).

import "./engine.js";
import { loadPyodide } from "./pyodide.mjs";

const params = new URL(import.meta.url).searchParams;
const engine = self.EligibilityEngine.start({
  base: new URL("./", import.meta.url).href,
  // The page's language (engine-start.js puts it in this script's URL): its
  // content file is the one downloaded.
  lang: params.get("lang"),
  // Pyodide's JavaScript half starts downloading now, beside the wasm.
  loadPyodide: () => import("./pyodide.asm.mjs").then(
    (asm) => (options) => loadPyodide({ ...options, createPyodideModule: asm.default }),
  ),
  post: (message) => self.postMessage(message),
  warmStart: true,
  // Test only: engine-start.js passes it on from window.wizardTestHooks (see there).
  startDelayMs: Number(params.get("test-start-delay")) || 0,
});

self.onmessage = (event) => engine.receive(event.data);
