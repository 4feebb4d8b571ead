import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { END, SOURCES, START, renderReference, rows, spliceReference } from "../../scripts/config-reference.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = join(ROOT, "scripts/config-reference.mjs");

type Schema = Record<string, unknown>;

function schemas(): Schema[] {
  return SOURCES.map((s) => JSON.parse(readFileSync(join(ROOT, s.schema), "utf8")) as Schema);
}

/** Every declared property anywhere in a schema (definitions included): its name and description. */
function declared(schema: unknown): { name: string; description: string }[] {
  if (schema === null || typeof schema !== "object") return [];
  const out: { name: string; description: string }[] = [];
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === "properties") {
      for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
        out.push({ name, description: String(sub.description) }, ...declared(sub));
      }
    } else if (typeof value === "object") {
      out.push(...declared(value));
    }
  }
  return out;
}

describe("README.md's configuration reference", () => {
  it("matches what the schemas generate (run `npm run docs:config` when this fails)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(START);
    expect(readme).toContain(END);
    expect(spliceReference(readme, renderReference(schemas()))).toBe(readme);
  });

  it.each(SOURCES.map((s, i) => [s.schema, i] as const))("has a row for every property of %s", (_name, i) => {
    const schema = schemas()[i] as Schema;
    const table = rows(schema);
    for (const p of declared(schema)) {
      const row = table.find((r) => r.path.endsWith(p.name) && p.description.startsWith(r.description));
      expect(row, `${p.name}: ${p.description}`).toBeDefined();
    }
  });

  it("flattens nested mappings, lists of mappings and the worker map into key paths", () => {
    const [spec, workers] = schemas().map((s) => rows(s).map((r) => r.path));
    expect(spec).toEqual(expect.arrayContaining(["refinery.review.sample_rate", "tasks[].depends_on", "schedules[].cron", "limits.backoff"]));
    expect(workers).toEqual(expect.arrayContaining(["workers.<name>.timeout", "sizing.tiers[].total", "routing.tags.bulk.worker", "routing.heuristics[].files_over"]));
  });

  it("gives each key its type, default and description, with the description's Default sentence moved to its column", () => {
    const spec = rows(schemas()[0] as Schema);
    expect(spec.find((r) => r.path === "refinery.batch_size")).toEqual({
      path: "refinery.batch_size",
      type: "integer ≥ 1",
      default: "`4`",
      description: "Most tasks tested together in one candidate.",
    });
    expect(spec.find((r) => r.path === "refinery.validate")?.default).toBe("none, every candidate passes");
    expect(spec.find((r) => r.path === "tasks[].id")?.default).toBe("required");
    expect(spec.find((r) => r.path === "tasks[].effort")?.default).toBe("—");
  });

  it("changes when a schema changes, so a stale README fails the first test", () => {
    const [spec, workers] = schemas() as [Schema, Schema];
    const limits = (spec.properties as Record<string, Schema>).limits as Schema;
    const edited = { ...spec, properties: { ...(spec.properties as Schema), limits: { ...limits, description: "Changed." } } };
    expect(renderReference([edited, workers])).not.toBe(renderReference([spec, workers]));
  });

  it("adds the section under its heading at the end of a README without markers, leaving the rest alone", () => {
    const readme = "# polecat\n\nIntro.\n";
    expect(spliceReference(readme, "TABLES")).toBe(`# polecat\n\nIntro.\n\n## Configuration reference\n\n${START}\nTABLES\n${END}\n`);
    const again = spliceReference(spliceReference(readme, "OLD"), "NEW");
    expect(again).toBe(`# polecat\n\nIntro.\n\n## Configuration reference\n\n${START}\nNEW\n${END}\n`);
  });
});

describe("scripts/config-reference.mjs", () => {
  /** A copy of the script, the schemas and README.md in a temp dir, so the script can rewrite that README. */
  function sandbox(readme: string): string {
    const dir = mkdtempSync(join(tmpdir(), "polecat-docs-"));
    mkdirSync(join(dir, "scripts"));
    cpSync(SCRIPT, join(dir, "scripts/config-reference.mjs"));
    cpSync(join(ROOT, "schemas"), join(dir, "schemas"), { recursive: true });
    writeFileSync(join(dir, "README.md"), readme);
    return dir;
  }

  it("--check exits 0 on the repository's README", async () => {
    const r = await execa("node", [SCRIPT, "--check"], { reject: false });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
  });

  it("--check exits 1 naming the stale line, and a plain run fixes the README", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const stale = readme.replace("| Most tasks tested together in one candidate. |", "| Most tasks merged at once. |");
    expect(stale).not.toBe(readme);
    const dir = sandbox(stale);
    const script = join(dir, "scripts/config-reference.mjs");

    const check = await execa("node", [script, "--check"], { reject: false });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain("configuration reference is stale");
    expect(check.stderr).toContain("Most tasks merged at once.");
    expect(check.stderr).toContain("npm run docs:config");

    const fix = await execa("node", [script], { reject: false });
    expect(fix.exitCode).toBe(0);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(readme);
    expect((await execa("node", [script, "--check"], { reject: false })).exitCode).toBe(0);
  });
});
