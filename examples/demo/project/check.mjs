// greeter's test suite, as far as the refinery is concerned: every file must be free of the marker
// that a careless change leaves behind. Exit 0 when clean, 1 naming the first offending line.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const MARKER = ["BROKEN", "BUILD"].join("-");

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === ".git" || e.name === "node_modules") return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? files(path) : [path];
  });
}

const all = files(".");
for (const file of all) {
  const lines = readFileSync(file, "utf8").split("\n");
  const at = lines.findIndex((line) => line.includes(MARKER));
  if (at >= 0) {
    console.error(`check: ${file}:${at + 1}: ${MARKER} marker: this change breaks the build`);
    process.exit(1);
  }
}
console.log(`check: ok (${all.length} files)`);
