// Runs every benchmark module in bench/ and writes docs/benchmarks.md: one table, goal vs measured.
// Usage: npm run bench            (all benchmarks)
//        npm run bench -- claims  (only modules whose file name contains "claims")
import { readdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

const files = (await readdir(here))
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs" && !f.startsWith("_"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows = [];
const started = Date.now();
for (const file of files) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  if (typeof mod.run !== "function") continue;
  process.stderr.write(`bench: ${file} ...\n`);
  const t0 = Date.now();
  try {
    for (const row of await mod.run()) rows.push(row);
  } catch (error) {
    rows.push({ benchmark: file, goal: "runs", measured: `error: ${error instanceof Error ? error.message : String(error)}`, pass: false, command: `node bench/${file}` });
  }
  process.stderr.write(`bench: ${file} done in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
}

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const esc = (s) => String(s).replaceAll("|", "\\|").replaceAll("\n", " ");
const lines = [
  "# Benchmarks",
  "",
  "Produced by `npm run bench` (which builds, then runs `node bench/run.mjs`); each row names the command",
  "that reproduces it alone. Ratios are measured within one run, since absolute times on shared machines",
  "are noisy.",
  "",
  `- Machine: ${machine}`,
  `- Date: ${new Date(started).toISOString().slice(0, 10)}`,
  `- Total time: ${((Date.now() - started) / 1000).toFixed(0)} s`,
  "",
  "| Benchmark | Goal | Measured | Meets goal | Command |",
  "| --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${esc(r.benchmark)} | ${esc(r.goal)} | ${esc(r.measured)} | ${r.pass ? "yes" : "**no**"} | \`${esc(r.command)}\` |`),
  "",
];
if (only.length === 0) {
  await writeFile(join(here, "..", "docs", "benchmarks.md"), lines.join("\n"));
  process.stderr.write("bench: wrote docs/benchmarks.md\n");
} else {
  process.stdout.write(lines.join("\n"));
}
