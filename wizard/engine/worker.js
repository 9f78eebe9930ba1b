// The eligibility engine: Pyodide running our Python rules, off the main thread
// (Pyodide's start is one multi-second task; in a worker the page stays usable).
//
// Messages in:  {type: "evaluate", id, request}   request: JSON string for
//                                                 eligibility.browser.evaluate_json
//               {type: "qr", id, text}            text: the result link
// Messages out: {type: "progress", stage, loaded, total}
//               {type: "ready"}
//               {type: "failed", reason}          reason: a key of the page's status texts
//               {type: "result", id, response}    response: JSON string from Python
//               {type: "qr", id, svg}
// No rule and no sentence lives here: Python decides, content/ words it.

import { loadPyodide } from "./pyodide.mjs";

const engineBase = new URL("./", import.meta.url);
const prefetched = new Map();
let browserModule = null;
let segno = null;
const queue = [];

function post(message) {
  self.postMessage(message);
}

// Download with a stream reader so the page can show bytes loaded of the known
// total (sizes come from manifest.json, written by scripts/build_engine.py).
async function download(name, progress) {
  const response = await fetch(new URL(name, engineBase));
  if (!response.ok || !response.body) {
    throw Object.assign(new Error(`${name}: HTTP ${response.status}`), { reason: "network" });
  }
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    progress(value.length);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

// Pyodide fetches the wasm binary and the standard library itself; answering
// those two requests from the bytes already counted keeps its own loader and
// avoids a second download.
const networkFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input), engineBase).href;
  const bytes = prefetched.get(url);
  if (!bytes) return networkFetch(input, init);
  prefetched.delete(url);
  const type = url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
  return Promise.resolve(new Response(bytes, { headers: { "Content-Type": type } }));
};

function failureReason(error) {
  if (error && error.reason) return error.reason;
  if (error instanceof RangeError || /memory/i.test(String(error && error.message))) return "memory";
  if (error instanceof TypeError && /fetch/i.test(String(error.message))) return "network";
  return "generic";
}

async function start() {
  if (typeof WebAssembly !== "object") {
    throw Object.assign(new Error("no WebAssembly"), { reason: "no_wasm" });
  }
  const manifestBytes = await download("manifest.json", () => {});
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  const total = Object.values(manifest.sizes).reduce((a, b) => a + b, 0);
  let loaded = 0;
  const progress = (stage) => (count) => {
    loaded += count;
    post({ type: "progress", stage, loaded, total });
  };
  post({ type: "progress", stage: "downloading", loaded, total });

  const asm = import("./pyodide.asm.mjs").then((module) => {
    progress("downloading")(manifest.sizes["pyodide.asm.mjs"]);
    return module.default;
  });
  const downloads = ["pyodide.asm.wasm", "python_stdlib.zip"].map(async (name) => {
    prefetched.set(new URL(name, engineBase).href, await download(name, progress("downloading")));
  });
  const wheels = manifest.wheels.map((name) => download(name, progress("downloading")));
  const content = download("content.json", progress("downloading"));
  const createPyodideModule = await asm;
  await Promise.all(downloads);

  post({ type: "progress", stage: "starting", loaded, total });
  const pyodide = await loadPyodide({
    indexURL: engineBase.href,
    createPyodideModule,
    // Only our own wheels are installed: an empty package map means Pyodide
    // never looks for pyodide-lock.json or a CDN.
    lockFileContents: { info: manifest.lock_info, packages: {} },
  });

  post({ type: "progress", stage: "installing", loaded, total });
  for (const bytes of await Promise.all(wheels)) {
    pyodide.unpackArchive(bytes, "wheel");
  }
  browserModule = pyodide.pyimport("eligibility.browser");
  browserModule.load(new TextDecoder().decode(await content));
  segno = pyodide.pyimport("segno");
}

function qrSvg(text) {
  const code = segno.make.callKwargs(text, { error: "m", micro: false });
  try {
    return code.svg_inline.callKwargs({ scale: 3, border: 2, omitsize: true });
  } finally {
    code.destroy();
  }
}

function answer(message) {
  if (message.type === "evaluate") {
    post({ type: "result", id: message.id, response: browserModule.evaluate_json(message.request) });
  } else if (message.type === "qr") {
    post({ type: "qr", id: message.id, svg: qrSvg(message.text) });
  }
}

function answerSafely(message) {
  try {
    answer(message);
  } catch (error) {
    // evaluate_json never raises by contract; if it does, the page must say so, not wait.
    console.error(error);
    post({ type: "failed", reason: "generic" });
  }
}

self.onmessage = (event) => {
  if (browserModule) answerSafely(event.data);
  else queue.push(event.data);
};

start().then(
  () => {
    post({ type: "ready" });
    for (const message of queue.splice(0)) answerSafely(message);
  },
  (error) => {
    post({ type: "failed", reason: failureReason(error) });
  },
);
