// PostgreSQL for tests: POLECAT_TEST_PG_URL names the server; each test run gets a schema of its own.
// Unset, the PostgreSQL tests skip and say so; set, an unreachable server fails them.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { describe } from "vitest";

/** The server the PostgreSQL tests use, if any. */
export const PG_URL = process.env.POLECAT_TEST_PG_URL;

/** `describe`, or a skip that tells how to run it. */
export function describePg(name: string, body: () => void): void {
  if (PG_URL === undefined || PG_URL === "") {
    const why = "skipped: set POLECAT_TEST_PG_URL, e.g. postgres://postgres@127.0.0.1:5432/test, to run it";
    console.warn(`${name}: ${why}`);
    describe.skip(`${name} (${why})`, body);
  } else {
    describe(name, body);
  }
}

/** A fresh schema name; the random part keeps parallel runs and test files apart. */
export function freshSchema(): string {
  return `polecat_test_${randomBytes(6).toString("hex")}`;
}

/** The test server's URL with a `schema` parameter. */
export function schemaUrl(schema: string): string {
  const url = new URL(requirePgUrl());
  url.searchParams.set("schema", schema);
  return url.toString();
}

/** Runs one statement on the test server outside any store (set-up, clean-up, inspection). */
export async function adminQuery<R extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: requirePgUrl() });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** A store home (for the local JSONL) and a schema, both removed by `cleanup`. */
export async function pgSandbox(): Promise<{ home: string; schema: string; url: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "polecat-pg-"));
  const schema = freshSchema();
  return {
    home,
    schema,
    url: schemaUrl(schema),
    cleanup: async () => {
      await dropSchema(schema);
      await rm(home, { recursive: true, force: true });
    },
  };
}

function requirePgUrl(): string {
  if (PG_URL === undefined || PG_URL === "") throw new Error("POLECAT_TEST_PG_URL is not set");
  return PG_URL;
}
