// The eligibility wizard on the main thread: no framework, no rule, no sentence.
// The questions, every text and the result templates are HTML rendered at build
// time (scripts/templates/pages/wizard.md.j2); the rules run in worker.js.
// This file shows and hides questions by their `ask_when` data, keeps the
// answers in the URL fragment (never sent anywhere), talks to the worker and
// copies the result JSON into the page's <template> elements.
(function () {
  "use strict";

  const root = document.getElementById("wizard");
  if (!root) return;
  const engineBase = new URL("./", document.currentScript.src);
  // The site's root is above engine/ (engine/<hash>/ online, engine/ offline).
  const siteRoot = new URL(engineBase.href.slice(0, engineBase.href.lastIndexOf("/engine/") + 1));
  // Links to pages as this page's own address has them: /diseases/ online,
  // diseases.html in the offline copy (files have no directory index).
  const pageSuffix = /\.html$/.test(location.pathname) ? ".html" : "/";
  const form = document.getElementById("wz-form");
  const questions = Array.from(form.querySelectorAll(".wz-question"));
  const texts = document.getElementById("wz-texts").dataset;
  const statusBox = document.getElementById("wz-status");
  const progressBar = document.getElementById("wz-progress");
  const statusText = document.getElementById("wz-status-text");
  const fallback = document.getElementById("wz-fallback");
  const errorSummary = document.getElementById("wz-error-summary");
  const resultBox = document.getElementById("wz-result");
  const printBox = document.getElementById("wz-print");
  const lang = root.dataset.lang;
  const printLang = root.dataset.printLang;
  // Test hooks, test only (tests/wizard/test_engine_resilience.py sets them
  // with an init script; a visitor's page never has them):
  // window.wizardTestHooks = {stallMs: the stall time, startDelayMs: the
  // engine holds its thread this long before Python's start, in short slices
  // with a heartbeat between them (read by engine-start.js)}.
  const testHooks = window.wizardTestHooks || {};
  // Without any message from the engine (bytes, a stage, a heartbeat) for this
  // long, loading has stalled: say so rather than spin. While the engine is in
  // a long CPU task it cannot send anything: it says so first (busy), and the
  // wait is longer then.
  const STALL_MS = testHooks.stallMs || 45000;
  const BUSY_STALL_MS = 4 * STALL_MS;
  // Failures that a new start may cure: the page offers Try again.
  const RETRYABLE = new Set(["network", "timeout", "generic", "memory"]);
  const retryButton = document.getElementById("wz-retry");

  let answers = {};
  let worker = null;
  let engineReady = false;
  let engineFailed = false;
  let resultShown = false;
  let wantResult = false;
  let focusWanted = false;
  let stallTimer = null;
  let engineBusy = false;
  let stalledWhileHidden = false;
  let lastRequest = 0;
  let evaluations = 0;
  const pending = new Map();

  // Texts ---------------------------------------------------------------------

  function text(key, values) {
    // dataset keys are camelCase: data-text-failed-memory -> textFailedMemory
    const name = "text" + key.replace(/(^|[._-])(\w)/g, (_, __, c) => c.toUpperCase());
    let value = texts[name] || "";
    for (const [k, v] of Object.entries(values || {})) value = value.split("{" + k + "}").join(v);
    return value;
  }

  function percent(part, whole) {
    return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(whole ? part / whole : 0);
  }

  // A date as the page's language writes it, from content (wizard.date, on
  // the slot's data attributes): the browser's Intl has no Kazakh month
  // names and no Kyrgyz locale. The slot becomes <time datetime="…">.
  function dateElement(slot, iso) {
    const time = document.createElement("time");
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    const months = JSON.parse(slot.dataset.months || "[]");
    if (parts && months[Number(parts[2]) - 1]) {
      time.dateTime = iso;
      time.textContent = slot.dataset.dateFormat
        .split("{day}").join(String(Number(parts[3])))
        .split("{month}").join(months[Number(parts[2]) - 1])
        .split("{year}").join(parts[1]);
    } else {
      time.textContent = iso || "";
    }
    return time;
  }

  // Answers <-> form <-> URL fragment ----------------------------------------

  function control(question) {
    return question.querySelectorAll("input, select");
  }

  function readFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const known = new Set(questions.map((q) => q.dataset.question));
    const read = {};
    let ignored = false;
    for (const [key, value] of params) {
      if (known.has(key) && value !== "") read[key] = value;
      else ignored = true;
    }
    // Keys no question has (a mistyped or tampered link) never reach the
    // engine; the visitor is told that part of the link was dropped.
    document.getElementById("wz-link-ignored").hidden = !ignored;
    return read;
  }

  function writeFragment() {
    const params = new URLSearchParams();
    for (const question of questions) {
      const id = question.dataset.question;
      if (!question.hidden && answers[id] !== undefined) params.set(id, answers[id]);
    }
    const hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    patchLanguageLinks();
  }

  // The language switcher leads to the same page in another language: keep the answers.
  function patchLanguageLinks() {
    for (const link of document.querySelectorAll("a[hreflang]")) {
      const url = new URL(link.href, location.href);
      url.hash = location.hash;
      link.href = url.href;
    }
  }

  function showAnswersInForm() {
    for (const question of questions) {
      const value = answers[question.dataset.question];
      for (const input of control(question)) {
        if (input.type === "radio") input.checked = input.value === value;
        else input.value = value === undefined ? "" : value;
      }
    }
  }

  function readAnswer(question) {
    for (const input of control(question)) {
      if (input.type === "radio") {
        if (input.checked) return input.value;
      } else if (input.value !== "") {
        return input.value;
      }
    }
    return undefined;
  }

  function optionAttributes(questionId, value) {
    const question = form.querySelector(`.wz-question[data-question="${questionId}"]`);
    if (!question || value === undefined) return {};
    if (question.dataset.bands) {
      // A number question: `q.band` is the id of the band the number falls in
      // (questions.yaml `bands`, inclusive min/max), as questions.band() reads it.
      const n = Number(value);
      const band = JSON.parse(question.dataset.bands).find((b) => Number.isFinite(n)
        && (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max));
      return { band: band ? band.id : undefined };
    }
    for (const option of question.querySelectorAll("[data-attributes]")) {
      if (option.value === value) return JSON.parse(option.dataset.attributes);
    }
    return {};
  }

  // `ask_when: {question: [option ids], question.attribute: [values]}` (for a
  // number question, `question.band: [band ids]`): every key
  // must hold (AND), any listed value will do (OR). Pure data from questions.yaml.
  function asked(question, visibleAnswers) {
    const condition = JSON.parse(question.dataset.askWhen || "{}");
    return Object.entries(condition).every(([key, allowed]) => {
      const [questionId, attribute] = key.split(".");
      let value = visibleAnswers[questionId];
      if (value === undefined) return false;
      if (attribute !== undefined) value = optionAttributes(questionId, value)[attribute];
      return allowed.some((candidate) => String(candidate) === String(value));
    });
  }

  function updateVisibility() {
    // Repeat until stable: hiding one question can hide those that depend on it.
    let visible = new Set(questions);
    for (let round = 0; round <= questions.length; round++) {
      const visibleAnswers = visibleAnswerMap(visible);
      const next = new Set(questions.filter((q) => asked(q, visibleAnswers)));
      if (next.size === visible.size && [...next].every((q) => visible.has(q))) break;
      visible = next;
    }
    for (const question of questions) {
      question.hidden = !visible.has(question);
      for (const input of control(question)) input.disabled = question.hidden;
    }
  }

  function visibleAnswerMap(visible) {
    const map = {};
    for (const question of questions) {
      const id = question.dataset.question;
      if ((!visible || visible.has(question)) && answers[id] !== undefined) map[id] = answers[id];
    }
    return map;
  }

  function requestAnswers() {
    const sent = {};
    for (const question of questions) {
      const id = question.dataset.question;
      if (question.hidden || answers[id] === undefined) continue;
      const value = answers[id];
      // Numbers go as numbers; anything else goes as typed and the engine says what is wrong.
      sent[id] = question.dataset.kind === "number" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    }
    return sent;
  }

  // Engine ------------------------------------------------------------------

  function setStatus(key, values) {
    statusText.textContent = text(key, values);
  }

  function resetStallTimer() {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(stalled, engineBusy ? BUSY_STALL_MS : STALL_MS);
  }

  // A hidden tab's timers and worker are slowed down or paused by the browser:
  // silence then says nothing. Decide only once the tab is back and the
  // engine has had a full stall time to speak.
  function stalled() {
    if (document.hidden) stalledWhileHidden = true;
    else fail("timeout");
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden || !stalledWhileHidden || engineReady || engineFailed) return;
    stalledWhileHidden = false;
    resetStallTimer();
  });

  // For tests and the benchmark: loading, ready or failed.
  function setEngineState(state) {
    root.dataset.engineState = state;
  }

  function fail(reason) {
    if (engineFailed) return;
    engineFailed = true;
    engineReady = false;
    setEngineState("failed");
    root.dataset.engine = "failed";
    root.removeAttribute("aria-busy");
    statusBox.classList.remove("wz-status--ready");
    clearTimeout(stallTimer);
    if (worker) worker.terminate();
    progressBar.hidden = true;
    statusBox.classList.add("wz-status--failed");
    setStatus("failed." + reason);
    fallback.hidden = false;
    retryButton.hidden = !RETRYABLE.has(reason);
    for (const button of form.querySelectorAll("button[type=submit], .wz-print-button")) button.disabled = true;
  }

  // Try again: a new engine (a new worker), the same answers; the result
  // comes as soon as it is ready if one was asked for.
  retryButton.addEventListener("click", () => {
    retryButton.hidden = true;
    fallback.hidden = true;
    statusBox.classList.remove("wz-status--failed");
    progressBar.hidden = false;
    progressBar.value = 0;
    engineFailed = false;
    pending.clear();
    for (const button of root.querySelectorAll("button[type=submit], .wz-print-button")) button.disabled = false;
    startEngine();
  });

  // Keep for offline use ---------------------------------------------------
  // Every file of this engine build into the cache the service worker serves
  // it from ("engine-<hash>", see scripts/build_service_worker.mjs): a later
  // visit without a network (the installed site on a phone) gets the engine,
  // printing's QR library included, from there. The size is said on the
  // button, before a byte is fetched: visitors pay for data. Only where a
  // service worker can serve the cache (not the offline copy, not plain http).
  const keepBox = document.getElementById("wz-keep");
  const keepButton = document.getElementById("wz-keep-button");
  const keepProgress = document.getElementById("wz-keep-progress");
  const keepText = document.getElementById("wz-keep-text");
  let keepOffered = false;

  function keptState(state) {
    root.dataset.keep = state; // for tests: offered, keeping, kept, failed
  }

  async function missingFiles(cache, urls) {
    const missing = [];
    for (const address of urls) if (!(await cache.match(address))) missing.push(address);
    return missing;
  }

  // keep: {cache, files, transfer} from the engine's "ready" (engine.js), or null.
  async function offerKeep(keep) {
    if (keepOffered || !keep || !keepBox || !window.isSecureContext
        || !window.caches || !("serviceWorker" in navigator)) return;
    keepOffered = true;
    const names = keep.files;
    const urls = names.map((name) => new URL(name, engineBase).href);
    const bytes = names.reduce((sum, name) => sum + (keep.transfer[name] || 0), 0);
    const size = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1e6);
    let cache;
    try {
      cache = await caches.open(keep.cache);
      if (!(await missingFiles(cache, urls)).length) {
        keepText.textContent = text("keep.kept");
        keptState("kept");
        keepBox.hidden = false;
        return;
      }
    } catch (error) {
      return; // no cache to keep anything in: no offer
    }
    keepButton.textContent = text("keep.button", { size });
    keepButton.hidden = false;
    keepBox.hidden = false;
    keptState("offered");
    keepButton.addEventListener("click", async () => {
      keepButton.disabled = true;
      keepText.textContent = "";
      keepProgress.hidden = false;
      keptState("keeping");
      try {
        const missing = new Set(await missingFiles(cache, urls));
        let done = 0;
        const show = () => {
          keepProgress.max = bytes;
          keepProgress.value = done;
          keepText.textContent = text("keep.progress", { percent: percent(done, bytes) });
        };
        show();
        // One file after another: the connection's whole width for each, and
        // the bar moves as each arrives.
        for (let i = 0; i < urls.length; i++) {
          if (missing.has(urls[i])) {
            const response = await fetch(urls[i]);
            if (!response.ok) throw new Error(urls[i] + ": HTTP " + response.status);
            await cache.put(urls[i], response);
          }
          done += keep.transfer[names[i]] || 0;
          show();
        }
        keepProgress.hidden = true;
        keepButton.hidden = true;
        keepText.textContent = text("keep.kept");
        keptState("kept");
      } catch (error) {
        // Offline, or the browser's storage full: said, and nothing else changes
        // (the engine runs on; the button stays for another try).
        console.warn("keep for offline use:", error);
        keepProgress.hidden = true;
        keepButton.disabled = false;
        keepText.textContent = text("keep.failed");
        keptState("failed");
      }
    });
  }

  // The engine runs in a Web Worker (worker.js), started by engine-start.js
  // in the page's head, which has run by now (on the first start it hands
  // over the worker it started then, messages included). The offline copy
  // opened from file:// cannot start workers and brings its own transport
  // instead (transport-file.js, same messages). Either way: engine.js, the
  // same rules.
  function startEngine() {
    const transport = window.EngineTransport;
    if (location.protocol === "file:" && !transport) return fail("file");
    if (typeof WebAssembly !== "object" || (!transport && typeof Worker !== "function")) return fail("no_wasm");
    setStatus("status.waiting");
    setEngineState("loading");
    engineBusy = false;
    stalledWhileHidden = false;
    // engine-start.js missing means it could not be downloaded.
    if (!transport && !window.EngineWorker) return fail("network");
    try {
      worker = transport ? transport.start(engineBase, lang) : window.EngineWorker.start();
    } catch (error) {
      return fail("generic");
    }
    worker.onmessage = (event) => onWorkerMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      fail("generic");
    };
    resetStallTimer();
  }

  function onWorkerMessage(message) {
    if (engineFailed) return; // a message the stopped engine sent before it stopped
    if (message.type === "alive") {
      engineBusy = message.busy;
      if (!engineReady) resetStallTimer();
    } else if (message.type === "progress") {
      engineBusy = false;
      resetStallTimer();
      progressBar.max = message.total;
      progressBar.value = message.loaded;
      // After a submit, "your answers will be checked" stays until the answer comes.
      if (!wantResult) setStatus("status." + message.stage, { percent: percent(message.loaded, message.total) });
    } else if (message.type === "ready") {
      engineReady = true;
      setEngineState("ready");
      root.dataset.engine = "ready"; // sw-register.js waits for this
      root.dataset.engineStart = message.start; // "fresh" or "restored" (saved memory): for tests and the benchmark
      clearTimeout(stallTimer);
      progressBar.value = progressBar.max;
      statusBox.classList.add("wz-status--ready");
      setStatus("status.ready");
      offerKeep(message.keep);
      if (wantResult) evaluate();
    } else if (message.type === "saved") {
      root.dataset.engineSaved = "yes"; // the next visit starts from it: for tests and the benchmark
    } else if (message.type === "kept") {
      root.dataset.engineKept = "yes"; // nothing more comes in the background: for tests
    } else if (message.type === "failed") {
      fail(message.reason);
    } else {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(message);
    }
  }

  function ask(message) {
    const id = ++lastRequest;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage(Object.assign({ id }, message));
    });
  }

  function evaluateIn(language) {
    const request = JSON.stringify({ answers: requestAnswers(), lang: language, date: null });
    // `lang` also outside the request: an error about a request too long to
    // read is still written in the page's language.
    return ask({ type: "evaluate", request, lang: language }).then((message) => JSON.parse(message.response));
  }

  async function evaluate() {
    wantResult = true;
    if (engineFailed) return;
    if (!engineReady) {
      setStatus("status.pending_submit");
      return;
    }
    const generation = ++evaluations;
    root.setAttribute("aria-busy", "true");
    const response = await evaluateIn(lang);
    if (generation !== evaluations) return; // a newer answer is on its way
    root.removeAttribute("aria-busy");
    if (response.ok) {
      showErrors([]);
      showResult(resultBox, "wz-result-template", response.result);
      resultBox.append(document.getElementById("wz-answers-template").content.cloneNode(true));
      showAnswerSummary();
      resultShown = true;
      resultBox.hidden = false;
      root.dataset.state = "result";
      if (focusWanted) showResultFirst();
    } else {
      resultBox.hidden = true;
      root.dataset.state = "errors";
      showErrors(response.errors);
    }
  }

  // The answer first: a submitted result takes the focus on its heading
  // (screen readers read it) and its summary is scrolled into view. Only after
  // a submit: a result that follows each changed answer must not steal focus
  // from the field being typed in.
  function showResultFirst() {
    focusWanted = false;
    const heading = resultBox.querySelector(".wz-result-title");
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  // Validation errors --------------------------------------------------------

  function showErrors(errors) {
    for (const question of questions) {
      question.classList.remove("wz-question--invalid");
      question.querySelector(".wz-field-error").hidden = true;
      for (const input of control(question)) input.removeAttribute("aria-invalid");
    }
    const list = errorSummary.querySelector("ul");
    list.textContent = "";
    errorSummary.hidden = errors.length === 0;
    for (const error of errors) {
      const question = form.querySelector(`.wz-question[data-question="${error.field}"]`);
      const item = document.createElement("li");
      if (question) {
        question.classList.add("wz-question--invalid");
        const message = question.querySelector(".wz-field-error");
        message.textContent = error.message;
        message.hidden = false;
        for (const input of control(question)) input.setAttribute("aria-invalid", "true");
        const link = document.createElement("a");
        link.href = "#" + question.id;
        // The list names the question each error is about.
        link.textContent = text("error.item", { question: questionName(question), message: error.message });
        link.addEventListener("click", (event) => {
          // The fragment holds the answers: move focus, keep the URL.
          event.preventDefault();
          focusQuestion(question);
        });
        item.append(link);
      } else {
        item.textContent = error.message;
      }
      list.append(item);
    }
    if (errors.length) {
      focusWanted = false;
      errorSummary.focus();
    }
  }

  // A question's label without its "(optional)" mark.
  function questionName(question) {
    const label = question.querySelector(".wz-label").cloneNode(true);
    for (const mark of label.querySelectorAll(".wz-optional")) mark.remove();
    return label.textContent.trim();
  }

  function focusQuestion(question) {
    question.scrollIntoView({ block: "center" });
    const inputs = Array.from(control(question));
    (inputs.find((input) => input.checked) || inputs[0]).focus();
  }

  // Result rendering: copy JSON into the page's templates -------------------

  // Elements in a result template say what they show:
  //   data-field="name"       text of item.name ("." = the item itself)
  //   data-list="packages"    one copy of its <template data-item> per element;
  //                           removed when the list is empty
  //   data-object="abroad"    filled from that object; removed when null
  //   data-if / data-unless   kept only when the field is truthy / falsy
  //   data-citations          links to the regulation pages of item.citations
  //   data-citations="locator" the same, each link showing only its row or
  //                           item ("row 5"), the full citation as its title:
  //                           one long citation per table row crowds a phone
  //   data-date="evaluated_on" the date, written in the template's language
  //                           (data-date-format, data-months), as a <time>
  function fill(node, data, language) {
    for (const element of Array.from(node.children)) {
      const d = element.dataset;
      if (d.if !== undefined && !truthy(data[d.if])) element.remove();
      else if (d.unless !== undefined && truthy(data[d.unless])) element.remove();
      else if (d.list !== undefined) fillList(element, data[d.list], language);
      else if (d.object !== undefined) {
        if (data[d.object]) fill(element, data[d.object], language);
        else element.remove();
      } else if (d.field !== undefined) {
        const value = d.field === "." ? data : data[d.field];
        element.textContent = value === null || value === undefined ? "" : String(value);
      } else if (d.date !== undefined) {
        element.replaceWith(dateElement(element, data[d.date]));
      } else if (d.citations !== undefined) {
        fillCitations(element, data.citations || [], language, d.citations === "locator");
      } else {
        fill(element, data, language);
      }
    }
  }

  function truthy(value) {
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  }

  function fillList(element, items, language) {
    const itemTemplate = element.querySelector("template[data-item]");
    if (!truthy(items)) {
      element.remove();
      return;
    }
    for (const item of items) {
      const copy = itemTemplate.content.cloneNode(true);
      fill(copy, item, language);
      itemTemplate.parentNode.insertBefore(copy, itemTemplate);
    }
    itemTemplate.remove();
  }

  function languageRoot(language) {
    return language === root.dataset.defaultLang ? "" : language + "/";
  }

  function fillCitations(element, citations, language, locatorOnly = false) {
    const itemTemplate = element.querySelector("template[data-item]");
    for (const citation of citations) {
      const copy = itemTemplate.content.cloneNode(true);
      const link = copy.querySelector("a");
      link.href = new URL(`${languageRoot(language)}${citation.page}${pageSuffix}#${citation.anchor}`, siteRoot).href;
      if (locatorOnly && citation.locator) {
        link.textContent = citation.locator;
        link.title = citation.label;
        link.setAttribute("aria-label", citation.label);
      } else {
        link.textContent = citation.label;
      }
      const confidence = copy.querySelector("[data-confidence]");
      if (confidence) {
        const note = confidence.dataset["confidence" + citation.confidence[0].toUpperCase() + citation.confidence.slice(1)];
        if (note) confidence.textContent = note;
        else confidence.remove();
      }
      itemTemplate.parentNode.insertBefore(copy, itemTemplate);
    }
    itemTemplate.remove();
  }

  function showResult(container, templateId, result) {
    const template = document.getElementById(templateId);
    const copy = template.content.cloneNode(true);
    fill(copy, result, template.getAttribute("lang"));
    markAbbreviations(copy);
    container.textContent = "";
    container.append(copy);
  }

  // The glossary's abbreviations (ГОБМП, ОСМС …) in a result become
  // focusable <abbr title>, as on every page: their expansion shows on focus
  // and tap (wizard.css). The forms and expansions come from content
  // (glossary.yaml), written on the template's data-abbreviations.
  function markAbbreviations(fragment) {
    const body = fragment.querySelector("[data-abbreviations]");
    if (!body) return;
    const forms = JSON.parse(body.dataset.abbreviations || "{}");
    const names = Object.keys(forms).sort((a, b) => b.length - a.length);
    if (!names.length) return;
    const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "gu");
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest("a, abbr, summary, h2, h3") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const textNodes = [];
    while (walker.nextNode()) textNodes.push(walker.currentNode);
    for (const node of textNodes) {
      const value = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(value)) continue;
      pattern.lastIndex = 0;
      const pieces = document.createDocumentFragment();
      let last = 0;
      for (const match of value.matchAll(pattern)) {
        pieces.append(value.slice(last, match.index));
        const abbr = document.createElement("abbr");
        abbr.title = forms[match[0]];
        abbr.tabIndex = 0;
        abbr.textContent = match[0];
        pieces.append(abbr);
        last = match.index + match[0].length;
      }
      pieces.append(value.slice(last));
      node.replaceWith(pieces);
    }
  }

  // "Check your answers": the question labels and chosen options already in the form.
  function showAnswerSummary() {
    const list = resultBox.querySelector(".wz-answers");
    const rowTemplate = resultBox.querySelector("template.wz-answer-row");
    for (const question of questions) {
      const id = question.dataset.question;
      if (question.hidden || answers[id] === undefined) continue;
      const row = rowTemplate.content.cloneNode(true);
      row.querySelector("dt").textContent = question.querySelector(".wz-label").textContent;
      row.querySelector(".wz-answer-value").textContent = answerLabel(question, answers[id]);
      row.querySelector("button").addEventListener("click", () => focusQuestion(question));
      list.append(row);
    }
  }

  function answerLabel(question, value) {
    for (const input of control(question)) {
      if (input.type === "radio" && input.value === value) return input.closest("label").textContent.trim();
      if (input.tagName === "SELECT") {
        const option = Array.from(input.options).find((o) => o.value === value);
        if (option) return option.textContent;
      }
    }
    return value;
  }

  // Print: the result in the visitor's language beside Russian (Kazakh for a
  // Russian page), and a QR code of this link drawn by segno in the worker.
  async function preparePrint() {
    if (!engineReady) return false;
    const [own, other, qr] = await Promise.all([
      evaluateIn(lang), evaluateIn(printLang), ask({ type: "qr", text: location.href }),
    ]);
    if (!own.ok || !other.ok) return false;
    const sheet = document.getElementById("wz-print-template").content.cloneNode(true);
    printBox.textContent = "";
    printBox.append(sheet);
    showResult(printBox.querySelector(".wz-print-own"), "wz-print-own-template", own.result);
    showResult(printBox.querySelector(".wz-print-other"), "wz-print-other-template", other.result);
    // segno writes <svg> without xmlns: parsed as HTML it lands in the SVG
    // namespace and is drawn; parsed as XML it is an unknown element, invisible.
    const qrBox = printBox.querySelector(".wz-print-qr");
    if (qr.svg) {
      const svg = new DOMParser().parseFromString(qr.svg, "text/html").querySelector("svg");
      qrBox.append(document.importNode(svg, true));
    } else {
      // No QR code (its library could not be downloaded): the sheet says so
      // where the code would be, and still prints with the link as text.
      qrBox.querySelector(".wz-print-qr-scan").hidden = true;
      qrBox.querySelector(".wz-print-qr-missing").hidden = false;
    }
    printBox.querySelector("[data-print-link]").textContent = location.href;
    unfoldForPrint(printBox);
    printBox.hidden = false;
    return true;
  }

  // The sheet is paper: a folded section becomes a plain section under its
  // heading (nothing on it to tap). "Why" keeps its own inline layout.
  function unfoldForPrint(container) {
    for (const details of container.querySelectorAll("details:not(.wz-why)")) {
      const section = document.createElement("section");
      section.className = details.className;
      const heading = document.createElement("h3");
      heading.textContent = details.querySelector(":scope > summary").textContent;
      section.append(heading);
      for (const child of Array.from(details.childNodes)) {
        if (child.nodeName !== "SUMMARY") section.append(child);
      }
      details.replaceWith(section);
    }
    for (const details of container.querySelectorAll("details")) details.open = true;
  }

  // Events -------------------------------------------------------------------

  // "input" too, so a typed number counts before the field loses focus.
  const onAnswer = (event) => {
    const question = event.target.closest(".wz-question");
    if (!question) return;
    const value = readAnswer(question);
    if (value === undefined) delete answers[question.dataset.question];
    else answers[question.dataset.question] = value;
    updateVisibility();
    writeFragment();
    printBox.hidden = true;
    if (resultShown) evaluate();
  };
  form.addEventListener("change", onAnswer);
  form.addEventListener("input", onAnswer);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    focusWanted = true;
    evaluate();
  });

  document.getElementById("wz-restart").addEventListener("click", () => {
    answers = {};
    document.getElementById("wz-link-ignored").hidden = true;
    resultShown = false;
    wantResult = false;
    showAnswersInForm();
    updateVisibility();
    writeFragment();
    showErrors([]);
    resultBox.hidden = true;
    printBox.hidden = true;
    root.dataset.state = "questions";
    focusQuestion(questions[0]);
  });

  root.addEventListener("click", async (event) => {
    const button = event.target.closest(".wz-print-button");
    if (!button) return;
    button.disabled = true;
    const ready = await preparePrint();
    button.disabled = false;
    if (ready) window.print();
  });

  // A link pasted into the address bar of an open wizard: follow it.
  window.addEventListener("hashchange", () => {
    restore();
  });

  function restore() {
    answers = readFragment();
    showAnswersInForm();
    updateVisibility();
    patchLanguageLinks();
    if (Object.keys(answers).length) evaluate();
  }

  root.dataset.state = "questions";
  restore();
  startEngine();
})();
