import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/core/duration.js";
import { PLACEHOLDERS } from "../../src/core/prompt.js";
import { COMPLEXITIES } from "../../src/core/spec.js";
import { readSchema } from "../helpers/schemas.js";

type Schema = Record<string, unknown>;

/** Every subschema with its JSON path, so each rule can be checked everywhere. */
function walk(schema: unknown, path = "#"): [string, Schema][] {
  if (schema === null || typeof schema !== "object") return [];
  const s = schema as Schema;
  const out: [string, Schema][] = [[path, s]];
  for (const [key, value] of Object.entries(s)) {
    if (key === "properties" || key === "definitions") {
      for (const [name, sub] of Object.entries(value as Schema)) out.push(...walk(sub, `${path}/${key}/${name}`));
    } else if (key === "items" || key === "additionalProperties" || key === "propertyNames") {
      out.push(...walk(value, `${path}/${key}`));
    }
  }
  return out;
}

describe.each(["swarm-spec", "workers"] as const)("schemas/%s.schema.json", (name) => {
  const schema = readSchema(name);
  const nodes = walk(schema);

  it("describes every property", () => {
    const missing = nodes.filter(([path, s]) => /\/properties\/[^/]+$/.test(path) && typeof s.description !== "string");
    expect(missing.map(([path]) => path)).toEqual([]);
  });

  it("allows no unknown keys in any mapping", () => {
    const open = nodes.filter(([, s]) => s.properties !== undefined && s.additionalProperties !== false);
    expect(open.map(([path]) => path)).toEqual([]);
  });

  it("gives ids the pattern that keeps them safe as paths and git refs", () => {
    const definitions = schema.definitions as Record<string, Schema>;
    expect(definitions.id?.pattern).toBe("^[a-z0-9][a-z0-9._-]{0,63}$");
  });

  it("writes duration defaults that parse", () => {
    const durations = nodes.filter(([, s]) => s.$ref === "#/definitions/duration" && s.default !== undefined);
    for (const [, s] of durations) expect(parseDuration(String(s.default))).toBeGreaterThan(0);
  });

  it("agrees with parseDuration on what a duration is", () => {
    const definitions = schema.definitions as Record<string, Schema>;
    const pattern = new RegExp(String(definitions.duration?.pattern));
    for (const text of ["30s", "15m", "2h", "1h30m", "1d", "250ms", "1.5h", " 5m "]) {
      expect(pattern.test(text), text).toBe(true);
      expect(parseDuration(text), text).toBeDefined();
    }
    for (const text of ["", "5", "5 min", "an hour", "-1h", "h"]) {
      expect(pattern.test(text), text).toBe(false);
      expect(parseDuration(text), text).toBeUndefined();
    }
  });
});

describe("schema and code agree", () => {
  it("on complexities", () => {
    const definitions = readSchema("swarm-spec").definitions as Record<string, Schema>;
    expect(definitions.complexity?.enum).toEqual(COMPLEXITIES);
  });

  it("on the command placeholders", () => {
    const definitions = readSchema("workers").definitions as Record<string, Schema>;
    const worker = definitions.worker?.properties as Record<string, Schema>;
    const described = String(worker.command?.description).match(/\{[a-z_.]+\}/g);
    expect(described).toEqual(PLACEHOLDERS.map((n) => `{${n}}`));
  });
});
