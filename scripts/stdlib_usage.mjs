// Runs the eligibility rules under real Pyodide (node_modules/pyodide) with a
// given python_stdlib.zip and reports which modules were imported and whether
// every rule case passed. scripts/trim_stdlib.py runs it twice: with the full
// zip to learn what is used, then with the trimmed zip to prove it suffices.
//
//   node scripts/stdlib_usage.mjs CONFIG.json
//
// CONFIG: {"stdlib": path, "wheels": [paths], "cases": path (cases.json of
// scripts/build_engine.py), "content": path (content.json), "runner":
// path|null, "qr_url": string|null, "printing_stdlib": path|null (the zip
// put on sys.path just before the QR code is drawn, as the browser does),
// "out": path, "pyodide_dir": path?}.
// Writes the report to "out"; exit status 0 only if all cases passed.
// With "mode": "minify" it instead rewrites "zip_in" to "zip_out" without
// docstrings and comments ("compress": "deflated" | "stored"); with "mode":
// "compile", as bytecode (.pyc) for this Pyodide's Python.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const pyodideDir = resolve(config.pyodide_dir || join(root, "node_modules", "pyodide"));
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);

// Pyodide reports a broken stdlib on stderr and carries on; collect the
// messages so a trimmed zip that misses a module fails loudly.
const errors = [];
const started = Date.now();
let pyodide;
try {
  pyodide = await loadPyodide({
    indexURL: pyodideDir + "/",
    stdLibURL: resolve(config.stdlib),
    // Compiling: no column ranges in the bytecode (as `python -X
    // no_debug_ranges`): a quarter fewer bytes to download, and only
    // tracebacks lose their ^^^ markers.
    env: config.mode === "compile" ? { PYTHONNODEBUGRANGES: "1" } : {},
    stdout: (line) => process.stderr.write(line + "\n"),
    stderr: (line) => { errors.push(line); process.stderr.write(line + "\n"); },
  });
} catch (err) {
  writeReport({ failures: [`loadPyodide failed: ${err}`] });
  process.exit(1);
}
const loadMs = Date.now() - started;

// Rewrites a zip with Pyodide's own Python: "minify" (stdlib_minify.py) or
// "compile" (stdlib_compile.py, bytecode for this very interpreter).
const REWRITERS = {
  minify: { script: "stdlib_minify.py", config: () => ({ compress: config.compress }) },
  compile: {
    script: "stdlib_compile.py",
    // Where this Pyodide mounts its standard library (/lib/python314.zip).
    config: () => ({ zip_path: pyodide.runPython("import sys; [p for p in sys.path if p.endswith('.zip')][0]") }),
  },
};
if (config.mode in REWRITERS) {
  const rewriter = REWRITERS[config.mode];
  pyodide.FS.mkdirTree("/tmp/rewrite");
  pyodide.FS.writeFile("/tmp/rewrite/in.zip", readFileSync(config.zip_in));
  pyodide.globals.set(`${config.mode}_config`, JSON.stringify({
    zip_in: "/tmp/rewrite/in.zip", zip_out: "/tmp/rewrite/out.zip", ...rewriter.config(),
  }));
  try {
    pyodide.runPython(readFileSync(join(here, rewriter.script), "utf8"));
    writeFileSync(config.zip_out, pyodide.FS.readFile("/tmp/rewrite/out.zip"));
    writeReport({ ...JSON.parse(pyodide.globals.get(`${config.mode}_result`)), failures: errors });
  } catch (err) {
    writeReport({ failures: [`${config.mode} failed: ${err}`] });
    process.exit(1);
  }
  process.exit(errors.length === 0 ? 0 : 1);
}
const modules = () => pyodide.runPython("import sys; list(sys.modules)").toJs();
const startup = modules();

// Install each wheel the way the browser worker does (wizard/engine/engine.js:
// unpackArchive into site-packages), so exactly what that imports is kept.
for (const wheel of config.wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
}
const installed = modules();

// A Python exception crossing into JavaScript is formatted by Python's
// traceback machinery: keep what that imports, or errors would be unreadable.
try {
  pyodide.runPython("raise ValueError('probe')");
} catch (err) {
  if (!String(err).includes("ValueError")) errors.push(`unexpected error text: ${err}`);
}
const afterError = modules();

// The probe reads the cases bundle from Pyodide's file system.
pyodide.FS.mkdirTree("/tmp/probe");
pyodide.FS.writeFile("/tmp/probe/cases.json", readFileSync(config.cases));
pyodide.FS.writeFile("/tmp/probe/content.json", readFileSync(config.content));
const probeConfig = {
  cases: "/tmp/probe/cases.json", content: "/tmp/probe/content.json",
  qr_url: config.qr_url || null, runner: null, printing_stdlib: null,
};
// The modules only printing needs, in their own zip (fetched with segno).
if (config.printing_stdlib) {
  pyodide.FS.writeFile("/lib/python_stdlib_printing.zip", readFileSync(config.printing_stdlib));
  probeConfig.printing_stdlib = "/lib/python_stdlib_printing.zip";
}
if (config.runner) {
  pyodide.FS.writeFile("/tmp/probe/runner.py", readFileSync(config.runner));
  probeConfig.runner = "/tmp/probe/runner.py";
}
const globals = pyodide.globals;
globals.set("probe_config", JSON.stringify(probeConfig));
globals.set("startup_modules", pyodide.toPy(startup));
globals.set("install_modules", pyodide.toPy(installed));
globals.set("error_modules", pyodide.toPy(afterError));
let report;
try {
  await pyodide.runPythonAsync(readFileSync(join(here, "stdlib_probe.py"), "utf8"));
  report = JSON.parse(globals.get("probe_result"));
} catch (err) {
  report = { failures: [`probe crashed: ${err}`] };
}
report.load_ms = loadMs;
report.stdlib = resolve(config.stdlib);
report.failures = [...(report.failures || []), ...errors.map((e) => `stderr: ${e}`)];
writeReport(report);
process.exit(report.failures.length === 0 ? 0 : 1);

function writeReport(r) {
  writeFileSync(config.out, JSON.stringify(r, null, 1));
}
