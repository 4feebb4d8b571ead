// The version printed by --version, read once from package.json at build time layout.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../../package.json") as { version: string; engines?: { node?: string } };

/** polecat's version. */
export const VERSION: string = pkg.version;

/** The Node versions polecat runs on (package.json `engines.node`), for `doctor`. */
export const NODE_ENGINES: string = pkg.engines?.node ?? ">=20";
