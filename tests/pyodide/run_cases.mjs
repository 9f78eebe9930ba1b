// The rule cases of tests/rules/cases/*.yaml, run inside real Pyodide (the
// interpreter the browser uses) through the same runner pytest uses:
// tests/rules/runner.py:run_cases. One runner, two interpreters.
//
//   node tests/pyodide/run_cases.mjs [ZIP]        (or STDLIB=ZIP node …)
//
// ZIP: the standard library to run under, a file name in build/engine/ or a
// path; python_stdlib.zip (the source one) unless given. The engine serves
// two with the same modules, picked by connection (engine.js,
// chooseStandardLibrary): `make test` runs this once with each.
// Needs build/engine/ from `python -m scripts.build_engine` (`make site` runs
// it): the wheels, content.json and cases.json (the YAML cases as JSON, so no
// YAML parser is needed here). Pyodide itself comes from node_modules with
// the same empty package map as the browser: nothing is fetched.
// Prints "N passed, N failed" on its own line; exits non-zero on any failure
// or when no case ran.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const engine = join(root, "build", "engine");
const manifest = JSON.parse(readFileSync(join(engine, "manifest.json"), "utf8"));
const stdlib = resolve(engine, process.argv[2] || process.env.STDLIB || manifest.stdlib.source);
if (!existsSync(stdlib)) {
  console.error(`run_cases: no standard library ${stdlib}`);
  process.exit(2);
}
console.log(`standard library: ${stdlib}`);

const pyodide = await loadPyodide({
  indexURL: join(root, "node_modules", "pyodide") + "/",
  // A standard library the site serves, so the cases prove it too.
  stdLibURL: stdlib,
  lockFileContents: { info: manifest.lock_info, packages: {} },
});
for (const wheel of manifest.wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(join(engine, wheel))), "wheel");
}
pyodide.FS.mkdirTree("/cases");
pyodide.FS.writeFile("/cases/runner.py", readFileSync(join(root, "tests", "rules", "runner.py")));
pyodide.FS.writeFile("/cases/cases.json", readFileSync(join(engine, "cases.json")));
pyodide.FS.writeFile("/cases/content.json", readFileSync(join(engine, "content.json")));

const summary = pyodide.runPython(`
import importlib.util, json

spec = importlib.util.spec_from_file_location("rules_runner", "/cases/runner.py")
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)

with open("/cases/content.json", encoding="utf-8") as f:
    content = json.load(f)
with open("/cases/cases.json", encoding="utf-8") as f:
    files = json.load(f)

passed = failed = 0
messages = []
for entry in files:
    cases = entry["cases"]
    cases = cases.get("cases", []) if isinstance(cases, dict) else (cases or [])
    file_passed, file_failed, file_messages = runner.run_cases(cases, content, file=entry["file"])
    passed += file_passed
    failed += file_failed
    messages += [str(m) for m in file_messages]
json.dumps({"passed": passed, "failed": failed, "messages": messages}, ensure_ascii=False)
`);
const { passed, failed, messages } = JSON.parse(summary);
for (const message of messages) console.log(message);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
