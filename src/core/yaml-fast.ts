// A fast first read of YAML: js-yaml builds plain data several times faster and smaller than the
// position-keeping `yaml` parser, which is then needed only when a problem has to be located.
import { FAILSAFE_SCHEMA, load, Type } from "js-yaml";
import { isScalar, Schema as YamlSchema, type ScalarTag } from "yaml";

/**
 * js-yaml types for YAML 1.2 core scalars that resolve exactly as the `yaml` library does (its own tests and
 * resolvers), so both parsers turn every plain scalar into the same value.
 */
function coreSchemaOfYaml() {
  const byTag = new Map<string, ScalarTag[]>();
  for (const tag of new YamlSchema({ schema: "core" }).tags) {
    if (!("test" in tag) || tag.test === undefined || tag.tag === undefined) continue;
    byTag.set(tag.tag, [...(byTag.get(tag.tag) ?? []), tag]);
  }
  const implicit = [...byTag].map(([name, tags]) => {
    const match = (data: string): ScalarTag | undefined => tags.find((t) => t.test?.test(data));
    return new Type(name, {
      kind: "scalar",
      resolve: (data: unknown) => typeof data === "string" && match(data) !== undefined,
      construct: (data: string) => {
        // Some resolvers wrap the value in a Scalar node (to keep its source format); data is what toJS gives.
        const value: unknown = match(data)?.resolve(data, () => undefined, { intAsBigInt: false });
        return isScalar(value) ? value.value : value;
      },
    });
  });
  return FAILSAFE_SCHEMA.extend({ implicit });
}

/** Constructs that the two parsers read differently: directives (`%YAML 1.1`), complex `?` keys, collections as flow keys. */
const DIFFERENT_READINGS = /^%|^[ \t]*\?(?:[ \t]|$)|[{[,][ \t]*[[{][^\n]*[\]}][ \t]*:/m;

/** True when some object or array is reached twice: an alias to a collection, which may be an alias bomb. */
function sharesNodes(data: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (seen.has(node)) return true;
    seen.add(node);
    stack.push(...(Array.isArray(node) ? (node as unknown[]) : Object.values(node as Record<string, unknown>)));
  }
  return false;
}

/** Immutable once built: the same for every document. */
const SCHEMA = coreSchemaOfYaml();

/**
 * The document as plain data, or undefined when the `yaml` parser must decide: any error (syntax, duplicate
 * keys, an unknown tag), a construct the two read differently, or aliases to collections (whose expansion the
 * `yaml` parser limits).
 */
export function fastYaml(text: string): { data: unknown } | undefined {
  if (DIFFERENT_READINGS.test(text)) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: SCHEMA });
  } catch {
    return undefined;
  }
  if (text.includes("&") && sharesNodes(data)) return undefined;
  return { data: data ?? null };
}
