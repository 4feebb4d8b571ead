// JSON Schema validation (ajv) turned into problems a person can act on: positions, plain words, hints.
import type { ErrorObject, ValidateFunction } from "ajv";
import { closest, didYouMean } from "./did-you-mean.js";
import type { Problem } from "./result.js";
import { parsePointer, problemAt, type Segment, type YamlSource } from "./yaml-positions.js";

/** Checks a parsed document against a schema: the data with defaults filled in, and every problem found. */
export type SchemaCheck = (src: YamlSource) => { data: unknown; errors: Problem[] };

/** Turns a compiled schema (src/core/validators/, generated from schemas/) into a check that reports problems. */
export function schemaCheck(validate: ValidateFunction): SchemaCheck {
  return (src) => {
    const data = structuredClone(src.data);
    validate(data);
    const errors = (validate.errors ?? []).flatMap((e) => toProblem(src, e) ?? []);
    return { data, errors };
  };
}

/** Messages for the shared string patterns, keyed by the schema definition that declares them. */
const PATTERNS: Record<string, { what: string; hint: string }> = {
  id: {
    what: "name",
    hint: 'use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters (ids become paths and git refs)',
  },
  duration: { what: "duration", hint: "write a number and a unit: 30s, 15m, 2h, 1h30m, 1d" },
  store: { what: "store", hint: 'use "file" or a postgres:// URL' },
  envName: { what: "variable name", hint: 'letters, digits and "_", not starting with a digit' },
};

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  null: "empty",
};

function toProblem(src: YamlSource, e: ErrorObject): Problem | undefined {
  const path = parsePointer(e.instancePath);
  const name = label(path);
  const params = e.params as Record<string, unknown>;
  const value: unknown = e.data;
  const definition = /^#\/definitions\/([^/]+)\/[^/]+$/.exec(e.schemaPath)?.[1];
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const hint = didYouMean(key, allowed) ?? `allowed keys here: ${allowed.join(", ")}`;
      return problemAt(src, [...path, key], `unknown key "${key}"`, { on: "key", hint });
    }
    case "required":
      return problemAt(src, path, `missing required key "${String(params.missingProperty)}" in ${name}`);
    case "propertyNames":
      return undefined; // the failing name's own pattern error says it better
    case "pattern": {
      const known = definition === undefined ? undefined : PATTERNS[definition];
      if (e.propertyName !== undefined) {
        const hint = known?.hint;
        return problemAt(src, [...path, e.propertyName], `invalid name "${e.propertyName}" in ${name}`, { on: "key", hint });
      }
      if (!known) return problemAt(src, path, `${name}: ${describe(value)} does not match ${String(params.pattern)}`);
      const what = definition === "id" && name === "id" ? "id" : known.what;
      return problemAt(src, path, `${name}: ${describe(value)} is not a valid ${what}`, { hint: known.hint });
    }
    case "type": {
      const expected = String(params.type);
      return problemAt(src, path, `${name} must be ${TYPE_NAMES[expected] ?? expected}, got ${describe(value)}`, {
        hint: typeHint(expected, value, definition),
      });
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof value === "string" ? didYouMean(value, allowed) : undefined;
      return problemAt(src, path, `${name} must be one of ${allowed.join(", ")}; got ${describe(value)}`, { hint });
    }
    case "const":
      return problemAt(src, path, `${name} must be ${JSON.stringify(params.allowedValue)}, got ${describe(value)}`);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return problemAt(src, path, `${name} must be ${String(params.comparison)} ${String(params.limit)}, got ${describe(value)}`);
    case "minItems":
    case "minLength":
    case "minProperties":
      return problemAt(src, path, `${name} must not be empty`);
    default:
      return problemAt(src, path, `${name} ${e.message ?? "is invalid"}`);
  }
}

function typeHint(expected: string, value: unknown, definition: string | undefined): string | undefined {
  if (definition === "argv" && typeof value === "string") {
    return 'write the command as a list of arguments, e.g. ["npm", "test"]; polecat never runs a shell string';
  }
  if (expected === "array" && typeof value === "string") return `write a list, e.g. [${value}]`;
  if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
    return "quote it if it is meant as text";
  }
  if (expected === "object" && value === null) return "this mapping is empty; give its keys or remove it";
  return undefined;
}

/** How a path reads in a message: its last key, or `key[index]` for a list item. */
function label(path: readonly Segment[]): string {
  const last = path.at(-1);
  if (last === undefined) return "the document";
  if (typeof last === "number") return `${String(path.at(-2) ?? "item")}[${last}]`;
  return last;
}

/** A value as a message shows it: strings quoted and cut short, containers by kind. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return JSON.stringify(value);
}

/** A did-you-mean hint for a name that refers to something missing, else the known names (`what` is plural). */
export function nameHint(name: string, known: readonly string[], what: string): string {
  const match = closest(name, known);
  if (match !== undefined) return `did you mean "${match}"?`;
  if (known.length === 0) return `no ${what} are defined`;
  const more = known.length > 12 ? `, ... (${known.length} in all)` : "";
  return `known ${what}: ${known.slice(0, 12).join(", ")}${more}`;
}
