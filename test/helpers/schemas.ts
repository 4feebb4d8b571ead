// The JSON Schemas under schemas/, compiled for core tests (the loader reads the same files).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { schemaCheck, type SchemaCheck } from "../../src/core/schema-problems.js";
import { validate as validateSpecSchema } from "../../src/core/validators/swarm-spec.js";
import { validate as validateRegistrySchema } from "../../src/core/validators/workers.js";
import { parseYaml, type YamlSource } from "../../src/core/yaml-positions.js";

/** A schema file's parsed JSON. */
export function readSchema(name: "swarm-spec" | "workers"): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `../../schemas/${name}.schema.json`), "utf8")) as Record<string, unknown>;
}

/** A compiled schema check (the generated validators the loader uses). */
export function check(name: "swarm-spec" | "workers"): SchemaCheck {
  return schemaCheck(name === "workers" ? validateRegistrySchema : validateSpecSchema);
}

/** Parses YAML text that must be syntactically valid. */
export function yamlSource(text: string, file = "polecat.yaml"): YamlSource {
  const r = parseYaml(file, text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("; "));
  return r.value;
}
