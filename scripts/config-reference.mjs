#!/usr/bin/env node
// Renders README.md's configuration reference from the JSON Schemas, so the two never disagree.
// Usage: npm run docs:config              rewrite the section between the config-reference markers
//        npm run docs:config -- --check   exit 1 (with the first differing line) when README.md is stale
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Markers around the generated section; everything outside them in README.md is hand-written. */
export const START = "<!-- config-reference:start -->";
export const END = "<!-- config-reference:end -->";
const HEADING = "## Configuration reference";

/** The schemas the reference covers, in README order: the file each describes and the schema file. */
export const SOURCES = [
  { file: "polecat.yaml", schema: "schemas/swarm-spec.schema.json" },
  { file: "WORKERS.md (its fenced yaml block)", schema: "schemas/workers.schema.json" },
];

// Definitions shown by name in the type column instead of spelled out on every row; the legend explains them.
const NAMED = {
  id: "id",
  duration: "duration",
  argv: "argv",
  strings: "list of strings",
  stages: "list of ids",
  envName: "variable name",
  store: "`file` or a `postgres://` URL",
};
const PLURAL = { id: "ids", string: "strings", "variable name": "variable names", argv: "commands (argv)" };
const LEGEND = [
  "`id`: lowercase letters, digits, `.`, `_`, `-`, at most 64 characters, starting with a letter or digit.",
  "`duration`: a number and a unit (`ms`, `s`, `m`, `h`, `d`), repeatable: `30s`, `15m`, `1h30m`.",
  "`argv`: a command as a list of arguments, e.g. `[npm, test]`; polecat never runs it through a shell.",
];

/** Every configuration key of one schema as a row: key path, type, default, description. */
export function rows(schema) {
  const out = [];
  const walk = (node, prefix, required) => {
    for (const [name, raw] of Object.entries(node.properties ?? {})) {
      const path = `${prefix}${name}`;
      const prop = resolveRef(schema, raw);
      const { text, prose } = splitDefault(raw.description ?? prop.description ?? "");
      out.push({ path, type: typeOf(schema, raw), default: defaultOf(raw, required.includes(name), prose), description: text });
      for (const [child, suffix] of children(schema, prop)) walk(child, `${path}${suffix}`, child.required ?? []);
    }
  };
  walk(schema, "", schema.required ?? []);
  return out;
}

// A description's closing "Default: ..." sentence moves to the Default column.
function splitDefault(description) {
  const m = /\s*Default: (.*?)\.?$/.exec(description);
  return m ? { text: description.slice(0, m.index), prose: m[1] } : { text: description, prose: undefined };
}

// The nested mappings under a property, each with how its keys extend the path: `.`, `[].` or `.<name>.`.
function children(schema, prop) {
  if (prop.properties) return [[prop, "."]];
  const items = prop.items ? resolveRef(schema, prop.items) : undefined;
  if (items?.properties) return [[items, "[]."]];
  const values = typeof prop.additionalProperties === "object" ? resolveRef(schema, prop.additionalProperties) : undefined;
  if (values?.properties) return [[values, ".<name>."]];
  return [];
}

function resolveRef(schema, node) {
  if (typeof node.$ref !== "string") return node;
  const name = node.$ref.replace("#/definitions/", "");
  const target = schema.definitions?.[name];
  if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
  return target;
}

function typeOf(schema, node) {
  if (typeof node.$ref === "string") {
    const name = node.$ref.replace("#/definitions/", "");
    if (NAMED[name]) return NAMED[name];
    return typeOf(schema, resolveRef(schema, node));
  }
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(", ");
  if (node.type === "array") {
    const items = resolveRef(schema, node.items ?? {});
    if (items.properties) return "list of mappings";
    const each = typeOf(schema, node.items ?? {});
    return `list of ${PLURAL[each] ?? each}`;
  }
  if (node.type === "object") return node.properties ? "mapping" : "mapping of names to mappings";
  if (node.type === "integer" || node.type === "number") return `${node.type}${range(node)}`;
  return String(node.type);
}

function range(node) {
  const { minimum: lo, maximum: hi } = node;
  if (lo !== undefined && hi !== undefined) return ` ${lo}–${hi}`;
  if (lo !== undefined) return ` ≥ ${lo}`;
  return "";
}

// The schema's default as YAML would spell it; else the description's words; else required or none.
function defaultOf(node, required, prose) {
  if (node.default !== undefined && !isMapping(node.default)) return `\`${flow(node.default)}\``;
  if (prose !== undefined) return prose;
  if (required) return "required";
  return isMapping(node.default) ? "" : "—";
}

function isMapping(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function flow(value) {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  return value === "" ? '""' : String(value);
}

// A table cell: pipes escaped everywhere; outside code spans, characters Markdown would read as HTML or emphasis.
function cell(text) {
  return text
    .replaceAll("|", "\\|")
    .split("`")
    .map((part, i) => (i % 2 === 1 ? part : part.replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("*", "\\*")))
    .join("`");
}

/** The Markdown between the markers, from the parsed schemas in SOURCES order. */
export function renderReference(schemas) {
  const lines = [
    "<!-- Generated from schemas/*.schema.json by `npm run docs:config`; edit the schemas, not this section. -->",
    "",
  ];
  SOURCES.forEach(({ file, schema: schemaPath }, i) => {
    const schema = schemas[i];
    lines.push(`### ${file}`, "", `${schema.description} Schema: \`${schemaPath}\`.`, "");
    lines.push("| Key | Type | Default | Description |", "| --- | --- | --- | --- |");
    for (const r of rows(schema)) lines.push(`| \`${r.path}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.description)} |`);
    lines.push("");
  });
  lines.push(...LEGEND.map((l) => `- ${l}`));
  return lines.join("\n");
}

/** README text with the generated section put between the markers (added at the end under HEADING if absent). */
export function spliceReference(readme, generated) {
  const block = `${START}\n${generated}\n${END}`;
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return `${readme.trimEnd()}\n\n${HEADING}\n\n${block}\n`;
  return `${readme.slice(0, start)}${block}${readme.slice(end + END.length)}`;
}

/** The first line where two texts differ, as a hint for a stale README. */
export function firstDifference(actual, expected) {
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return { line: i + 1, actual: a[i] ?? "(end of file)", expected: e[i] ?? "(end of file)" };
  }
  return undefined;
}

function main(root, args) {
  const schemas = SOURCES.map((s) => JSON.parse(readFileSync(join(root, s.schema), "utf8")));
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const updated = spliceReference(readme, renderReference(schemas));
  if (!args.includes("--check")) {
    if (updated !== readme) writeFileSync(readmePath, updated);
    process.stdout.write(updated === readme ? "README.md: configuration reference up to date\n" : "README.md: configuration reference updated\n");
    return 0;
  }
  const diff = firstDifference(readme, updated);
  if (!diff) return 0;
  process.stderr.write(
    `README.md: the configuration reference is stale (line ${diff.line}):\n  README:    ${diff.actual}\n  generated: ${diff.expected}\nrun \`npm run docs:config\` and commit README.md\n`,
  );
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(resolve(import.meta.dirname, ".."), process.argv.slice(2));
}
