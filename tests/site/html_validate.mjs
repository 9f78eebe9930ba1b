// Runs html-validate (the pinned npm package) over the given files and writes
// its results as JSON to the output file: the CLI's JSON on a pipe is cut off
// when the report is large (the process exits before stdout drains).
// Usage: node html_validate.mjs <config.json> <out.json> <file.html>...
import { readFileSync, writeFileSync } from "node:fs";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";

const [config, out, ...files] = process.argv.slice(2);
const validator = new HtmlValidate(new FileSystemConfigLoader(JSON.parse(readFileSync(config, "utf8"))));
const results = [];
for (const file of files) {
  const report = await validator.validateFile(file);
  for (const result of report.results) results.push({ filePath: file, messages: result.messages });
}
writeFileSync(out, JSON.stringify(results));
