// Store URLs: what polecat takes from a postgres:// URL, what it refuses, and how it reports an unreachable server.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPolecatError } from "../../../src/core/errors.js";
import { openLeadership, openStore } from "../../../src/adapters/open-store.js";
import { parsePgLocation } from "../../../src/adapters/pg-store/index.js";

describe("parsePgLocation", () => {
  it.each([
    {
      url: "postgres://postgres@127.0.0.1:5432/test",
      schema: "polecat",
      connectionString: "postgres://postgres@127.0.0.1:5432/test",
    },
    {
      url: "postgresql://app:s3cret@db.internal/polecat?schema=team_a&sslmode=require",
      schema: "team_a",
      connectionString: "postgresql://app:s3cret@db.internal/polecat?sslmode=require",
    },
    { url: "postgres://h/db?schema=_x9", schema: "_x9", connectionString: "postgres://h/db" },
  ])("$url → schema $schema", ({ url, schema, connectionString }) => {
    const location = parsePgLocation(url);
    expect(location).toMatchObject({ schema, connectionString });
    expect(location.display).not.toContain("s3cret");
  });

  it.each([
    { name: "not a URL", url: "postgres//nope" },
    { name: "another scheme", url: "mysql://db/polecat" },
    { name: "upper-case schema", url: "postgres://h/db?schema=Polecat" },
    { name: "schema starting with a digit", url: "postgres://h/db?schema=1abc" },
    { name: "schema with a quote", url: 'postgres://h/db?schema=a"b' },
    { name: "schema with a dash", url: "postgres://h/db?schema=a-b" },
    { name: "empty schema", url: "postgres://h/db?schema=" },
    { name: "schema too long for the channel name", url: `postgres://h/db?schema=${"a".repeat(49)}` },
  ])("refuses $name with E_CONFIG", ({ url }) => {
    let error: unknown;
    try {
      parsePgLocation(url);
    } catch (e) {
      error = e;
    }
    expect(isPolecatError(error, "E_CONFIG")).toBe(true);
  });
});

describe("openStore and openLeadership with a postgres:// URL", () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "polecat-pg-url-"));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("an unreachable server is E_CONFIG, and the message keeps the password out", async () => {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    const env = { POLECAT_STORE: "postgres://polecat:hunter2@127.0.0.1:1/polecat" };
    const error = await openStore({ home, env }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPolecatError(error, "E_CONFIG")).toBe(true);
    expect((error as Error).message).toContain("127.0.0.1:1");
    expect((error as Error).message).not.toContain("hunter2");
    const leadership = openLeadership({ home, env, project: "p" });
    const lost = await leadership.acquire("refinery").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPolecatError(lost, "E_CONFIG")).toBe(true);
  });

  it("an unknown store kind is E_CONFIG for both", async () => {
    const env = { POLECAT_STORE: "redis://localhost" };
    await expect(openStore({ home, env })).rejects.toMatchObject({ code: "E_CONFIG" });
    expect(() => openLeadership({ home, env, project: "p" })).toThrow(/unknown store/);
  });
});
