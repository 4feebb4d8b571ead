import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { run } from "../../src/cli/program.js";
import { pathWithAgentClis } from "../agents-real/harness/clis.js";
import { memoryWorld } from "../helpers/world.js";

const ROOT = resolve(import.meta.dirname, "../..");
const EXAMPLES = join(ROOT, "examples");

/** Every swarm spec under examples/: YAML files that declare `version` and `tasks`. */
function exampleSpecs(): string[] {
  const files = readdirSync(EXAMPLES, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(EXAMPLES, f));
  return files.filter((f) => {
    const doc: unknown = parse(readFileSync(f, "utf8"));
    return typeof doc === "object" && doc !== null && "version" in doc && "tasks" in doc;
  });
}

describe("examples/", () => {
  const specs = exampleSpecs().map((f) => relative(ROOT, f));

  it("holds the swarm, batch and multi-machine specs", () => {
    expect(specs).toEqual(expect.arrayContaining(["examples/swarm.yaml", "examples/tasks-spec-example.yml", "examples/multi-machine/polecat.yaml"]));
  });

  it.each(specs)("%s passes polecat validate", async (spec) => {
    // The examples route to claude, gemini and codex: with the real CLIs on PATH there is nothing to warn about.
    const w = memoryWorld({ cwd: ROOT, env: { ...process.env, NO_COLOR: "1", PATH: pathWithAgentClis() } });
    const code = await run(["validate", "--spec", spec], w.world);
    expect(w.err()).toBe("");
    expect(code).toBe(0);
    expect(w.out()).toMatch(new RegExp(`^ok: ${spec}: \\d+ tasks?, \\d+ worker types?\\n$`));
  });

  it("points each spec at the JSON Schema for editors", () => {
    for (const spec of specs) {
      const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(join(ROOT, spec), "utf8"))?.[1];
      expect(schema, spec).toBeDefined();
      expect(resolve(ROOT, spec, "..", schema ?? "")).toBe(join(ROOT, "schemas/swarm-spec.schema.json"));
    }
  });

  it("plans every task of the spawn-batch example with the composition its header suggests, touching nothing", async () => {
    const home = await mkdtemp(join(tmpdir(), "polecat-examples-"));
    try {
      const command = /polecat (spawn-batch .* --dry-run)$/m.exec(readFileSync(join(EXAMPLES, "tasks-spec-example.yml"), "utf8"))?.[1];
      expect(command).toBeDefined();
      const w = memoryWorld({ cwd: ROOT, env: { ...process.env, HOME: home, POLECAT_HOME: undefined, NO_COLOR: "1" } });
      const code = await run((command ?? "").split(" "), w.world);
      expect(w.err()).toBe("");
      expect(code).toBe(0);
      expect(w.out()).toMatch(/^dispatch plan for bookshelf: /);
      expect(w.out()).not.toContain("never taken");
      for (const id of ["docs-install", "docs-config", "docs-deploy", "docs-examples-test", "docs-index"]) expect(w.out()).toContain(id);
      expect(await readdir(home)).toEqual([]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("uses the PostgreSQL store in the multi-machine spec", () => {
    const doc = parse(readFileSync(join(EXAMPLES, "multi-machine/polecat.yaml"), "utf8")) as { store: string };
    expect(doc.store).toMatch(/^postgres:\/\//);
  });

  it("runs polecat daemon under systemd with a drain on SIGTERM, and the refinery once per CI run", () => {
    const unit = readFileSync(join(EXAMPLES, "daemon/polecat-daemon.service"), "utf8");
    expect(unit).toMatch(/^ExecStart=\S*polecat .*daemon$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    const cron = readFileSync(join(EXAMPLES, "daemon/crontab"), "utf8");
    expect(cron).toMatch(/^[^#].* polecat .*janitor/m);
    expect(cron).toMatch(/^[^#].* polecat .*refinery --once/m);
    const workflow = parse(readFileSync(join(EXAMPLES, "github-actions/refinery.yml"), "utf8")) as {
      on: Record<string, unknown>;
      jobs: Record<string, { env: Record<string, string>; steps: { run?: string }[] }>;
    };
    expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const job = Object.values(workflow.jobs)[0];
    expect(job?.env.CI).toBe("true");
    expect(job?.steps.map((s) => s.run)).toContain("polecat refinery --once");
    // polecat is not on the npm registry: the workflow installs it from a git checkout, as README says.
    expect(job?.steps.some((s) => s.run?.includes("npx polecat") === true)).toBe(false);
    expect(job?.steps.some((s) => /npm pack[^\n]*\n\s*npm install --global \.\/polecat-\*\.tgz/.test(s.run ?? ""))).toBe(true);
  });
});
