// Compiles schemas/*.schema.json into standalone ajv validators under src/core/validators/, so no command
// compiles a schema at start-up, and into the TypeScript shape of a document that passed (defaults filled in),
// so the code that reads a validated document never restates the schema by hand. `npm run gen:validators`
// rewrites both; a test fails when they are stale.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { compile } from "json-schema-to-typescript";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The schemas compiled, by the name their validator module carries. */
export const VALIDATORS = ["swarm-spec", "workers"];

/** The name of each schema's document type. */
const DOCUMENT_TYPES = { "swarm-spec": "SpecDocument", workers: "RegistryDocument" };

/** The options every schema is compiled with (the loader's contract: every error, defaults filled in). */
export const AJV_OPTIONS = { allErrors: true, useDefaults: "empty", verbose: true, strict: true };

/**
 * ajv's standalone ESM output still requires its runtime helpers; they are imported instead. They are CommonJS
 * modules with an `exports.default`, which Node's import gives as `default.default` and bundlers as `default`.
 */
const RUNTIME_REQUIRE = /require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g;

/** Where the validator module of a schema lives. */
export function validatorPath(name) {
  return join(ROOT, "src/core/validators", `${name}.ts`);
}

/** The TypeScript module for one schema. */
export function generate(name) {
  const file = `schemas/${name}.schema.json`;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const code = standalone.default(ajv, ajv.compile(JSON.parse(readFileSync(join(ROOT, file), "utf8"))));
  const head = /^"use strict";export const validate = (validate\d+);export default validate\d+;/.exec(code);
  if (head === null) throw new Error(`${file}: unexpected standalone code shape`);
  const helpers = [...new Set([...code.matchAll(RUNTIME_REQUIRE)].map((m) => m[1]))];
  const body = code.slice(head[0].length).replace(RUNTIME_REQUIRE, (_, helper) => `runtime_${helper}`);
  if (body.includes("require(")) throw new Error(`${file}: standalone code requires something unexpected`);
  return [
    `// Generated from ${file} by \`npm run gen:validators\`; edit the schema, not this file.`,
    "// @ts-nocheck",
    'import type { ValidateFunction } from "ajv";',
    ...helpers.flatMap((h) => [
      `import module_${h} from "ajv/dist/runtime/${h}.js";`,
      `const runtime_${h} = typeof module_${h} === "function" ? module_${h} : module_${h}.default;`,
    ]),
    body,
    "",
    `/** The compiled check for ${file}. */`,
    `export const validate: ValidateFunction = ${head[1]};`,
    "",
  ].join("\n");
}

/** Where the document type of a schema lives. */
export function typesPath(name) {
  return join(ROOT, "src/core/validators", `${name}.types.ts`);
}

/**
 * A copy of a schema as the validator leaves a document: every property with a default is present, so it is
 * required. Descriptions and titles are dropped (the schema documents itself; titles would rename types).
 */
function asValidated(node) {
  if (Array.isArray(node)) return node.map(asValidated);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "description" || k === "title" || k === "markdownDescription") continue;
    out[k] = k === "properties" || k === "$defs" || k === "definitions" || k === "patternProperties" ? mapValues(v) : asValidated(v);
  }
  if (node.properties !== undefined) {
    const defaulted = Object.entries(node.properties).filter(([, v]) => v !== null && typeof v === "object" && "default" in v);
    out.required = [...new Set([...(node.required ?? []), ...defaulted.map(([k]) => k)])];
  }
  return out;
}

function mapValues(props) {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, asValidated(v)]));
}

/** The TypeScript module with the shape of a document of one schema once it validated. */
export async function generateTypes(name) {
  const file = `schemas/${name}.schema.json`;
  const schema = asValidated(JSON.parse(readFileSync(join(ROOT, file), "utf8")));
  delete schema.$id;
  const banner = `// Generated from ${file} by \`npm run gen:validators\`; edit the schema, not this file.\n// The shape of a document that passed the schema, with its defaults filled in.`;
  const body = await compile(schema, DOCUMENT_TYPES[name], { bannerComment: banner, format: false, additionalProperties: false, unreachableDefinitions: false });
  return `${body.trimEnd()}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const name of VALIDATORS) {
    writeFileSync(validatorPath(name), generate(name));
    writeFileSync(typesPath(name), await generateTypes(name));
  }
}
