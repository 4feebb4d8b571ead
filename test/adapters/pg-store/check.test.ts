// `store check|repair` on PostgreSQL: a schema never set up (or behind this polecat) is found, and repair migrates it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createPgStore, MIGRATIONS } from "../../../src/adapters/pg-store/index.js";
import { checkStore, repairStore } from "../../../src/adapters/store-check.js";
import { adminQuery, describePg, dropSchema, freshSchema, schemaUrl } from "./harness.js";
import { P, taskInput } from "../../core/ports/store-conformance/index.js";

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

describePg("store check and repair on PostgreSQL", () => {
  let schema: string;
  let home: string;
  beforeEach(async () => {
    schema = freshSchema();
    home = await mkdtemp(join(tmpdir(), "polecat-pg-check-"));
  });
  afterEach(async () => {
    await dropSchema(schema);
    await rm(home, { recursive: true, force: true });
  });
  const at = () => ({ home, env: { POLECAT_STORE: schemaUrl(schema) } });

  it("finds a schema polecat never set up, and repair creates it; a dry run changes nothing", async () => {
    const empty = await checkStore(at());
    expect(empty.problems).toEqual([{ file: `schema ${schema}`, problem: "has no polecat tables (run `polecat init`)" }]);
    const plan = await repairStore(at(), { dryRun: true, now: 0 });
    expect(plan.steps).toEqual([`apply the migrations from version 0 to ${LATEST}`]);
    expect((await checkStore(at())).problems).toHaveLength(1);
    await repairStore(at(), { dryRun: false, now: 0 });
    expect(await checkStore(at())).toMatchObject({ problems: [], version: LATEST, tasks: 0 });
  });

  it("reports a whole schema with its task count, a schema behind this polecat, and has nothing to repair when whole", async () => {
    const store = await createPgStore({ url: schemaUrl(schema), home });
    await store.applySpec({ project: P, tasks: [taskInput("a"), taskInput("b")] });
    await store.close();
    expect(await checkStore(at())).toMatchObject({ problems: [], version: LATEST, tasks: 2 });
    expect((await repairStore(at(), { dryRun: false, now: 0 })).steps).toEqual([]);
    await adminQuery(`DELETE FROM ${schema}.schema_migrations WHERE version = $1`, [LATEST]);
    const behind = await checkStore(at());
    expect(behind.problems[0]?.problem).toContain(`at version ${LATEST - 1}, this polecat needs ${LATEST}`);
  });
});
