// Schema migrations: versioned, recorded, applied once however many processes open the store at once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { isPolecatError } from "../../../src/core/errors.js";
import { createPgPool, createPgStore, migrate, MIGRATIONS, parsePgLocation } from "../../../src/adapters/pg-store/index.js";
import { adminQuery, describePg, dropSchema, freshSchema, schemaUrl } from "./harness.js";

describePg("PostgreSQL store schema", () => {
  let schema: string;
  let home: string;
  beforeEach(async () => {
    schema = freshSchema();
    home = await mkdtemp(join(tmpdir(), "polecat-pg-schema-"));
  });
  afterEach(async () => {
    await dropSchema(schema);
    await rm(home, { recursive: true, force: true });
  });

  const versions = async (): Promise<number[]> =>
    (await adminQuery<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)).map((r) => r.version);

  it("opening creates the schema at the current version; opening again changes nothing", async () => {
    const store = await createPgStore({ url: schemaUrl(schema), home });
    await store.close();
    expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await adminQuery<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(["events", "schema_migrations", "tasks"]);
    const pool = createPgPool(parsePgLocation(schemaUrl(schema)));
    try {
      expect(await migrate(pool, schema)).toEqual([]);
    } finally {
      await pool.end();
    }
    expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("eight processes' worth of stores opening at once migrate exactly once", async () => {
    const stores = await Promise.all(Array.from({ length: 8 }, () => createPgStore({ url: schemaUrl(schema), home })));
    await Promise.all(stores.map((s) => s.close()));
    expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("a later migration is applied on top, once; a failing one leaves nothing behind", async () => {
    const pool = createPgPool(parsePgLocation(schemaUrl(schema)));
    try {
      expect(await migrate(pool, schema)).toEqual(MIGRATIONS.map((m) => m.version));
      const next = { version: 1000, name: "extra", sql: "CREATE TABLE extra (x integer)" };
      expect(await migrate(pool, schema, [...MIGRATIONS, next])).toEqual([1000]);
      expect(await migrate(pool, schema, [...MIGRATIONS, next])).toEqual([]);
      const broken = { version: 1001, name: "broken", sql: "CREATE TABLE half (x integer); SELECT no_such_function()" };
      await expect(migrate(pool, schema, [...MIGRATIONS, next, broken])).rejects.toThrow(/no_such_function/);
      expect(await adminQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half'", [schema])).toEqual([]);
      expect((await versions()).at(-1)).toBe(1000);
    } finally {
      await pool.end();
    }
  });

  it("refuses a schema newer than this build with E_CONFIG", async () => {
    await (await createPgStore({ url: schemaUrl(schema), home })).close();
    await adminQuery(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (99999, 'from the future')`);
    const error = await createPgStore({ url: schemaUrl(schema), home }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPolecatError(error, "E_CONFIG")).toBe(true);
    expect((error as Error).message).toMatch(/version 99999/);
  });
});
