// Where polecat itself is installed (the package root holding dist/, agents/, schemas/), for `{polecat_dir}`
// and for the schema paths `polecat new` writes; the same from src/ (tests) and from dist/ (installed).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: this file is `<root>/src/adapters/install-dir.ts` or `<root>/dist/adapters/install-dir.js`. */
export function polecatDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/** The JSON Schema of `polecat.yaml` (`swarm-spec`) or of the worker registry (`workers`) in the install. */
export function schemaPath(name: "swarm-spec" | "workers"): string {
  return join(polecatDir(), "schemas", `${name}.schema.json`);
}
