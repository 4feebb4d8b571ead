// The version printed by --version, read once from package.json at build time layout.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../../package.json") as { version: string };

/** polecat's version. */
export const VERSION: string = pkg.version;
