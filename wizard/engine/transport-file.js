// The engine of the offline copy, opened from file://. There the browser
// refuses Web Workers, module scripts and `fetch` of files, but runs classic
// <script src> files. So scripts/build_offline.py ships every engine file as
// a script `files/<name>.js` that sets `window.__ENGINE_FILES__[name]` to the
// file's bytes in base64, and Pyodide's JavaScript as classic scripts; this
// transport answers `fetch` for engine files from those bytes and runs
// engine.js on the page itself (the page stays readable; the progress text
// says what is happening while Pyodide starts). The messages are the worker's,
// so wizard.js treats both alike. Loaded only by the offline copy's wizard
// pages, after pyodide.js and engine.js, before wizard.js.
(function () {
  "use strict";

  const files = (window.__ENGINE_FILES__ = window.__ENGINE_FILES__ || {});
  const loading = new Map();

  function loadScript(src) {
    if (!loading.has(src)) {
      loading.set(src, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new TypeError(`failed to fetch ${src}`));
        document.head.append(script);
      }));
    }
    return loading.get(src);
  }

  function decode(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  const TYPES = { ".wasm": "application/wasm", ".json": "application/json" };

  // lang: the page's language (its content file is the one read).
  function start(engineBase, lang) {
    const base = engineBase.href;
    const pageFetch = window.fetch.bind(window);
    // Engine files come from memory; anything else is not ours to answer.
    window.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), base).href;
      if (!url.startsWith(base)) return pageFetch(input, init);
      const name = url.slice(base.length).split(/[?#]/)[0];
      await loadScript(new URL(`files/${name}.js`, base).href);
      const bytes = decode(files[name]);
      delete files[name]; // the base64 text is not needed twice
      const type = TYPES[name.slice(name.lastIndexOf("."))] || "application/octet-stream";
      return new Response(bytes, { headers: { "Content-Type": type } });
    };

    const port = { onmessage: null, onerror: null, terminate() {} };
    const engine = window.EligibilityEngine.start({
      base,
      lang,
      loadPyodide: () => loadScript(new URL("pyodide.asm.js", base).href).then(
        () => (options) => window.loadPyodide(Object.assign({}, options, {
          createPyodideModule: window.__createPyodideModule,
        })),
      ),
      post: (message) => port.onmessage && port.onmessage({ data: message }),
      // Pyodide's start holds the page for seconds: let the status text paint first.
      beforeBusy: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    });
    port.postMessage = (message) => setTimeout(() => engine.receive(message), 0);
    return port;
  }

  window.EngineTransport = { start };
})();
