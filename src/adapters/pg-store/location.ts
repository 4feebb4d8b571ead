// Where a PostgreSQL store lives: the URL pg connects with, and the schema holding polecat's tables.
import { PolecatError } from "../../core/errors.js";

/** The schema polecat uses when the URL names none. */
export const DEFAULT_SCHEMA = "polecat";

/** A parsed `postgres://` store location. */
export interface PgLocation {
  /** The URL handed to pg (without the `schema` parameter, which only polecat understands). */
  connectionString: string;
  /** Holds the tables, and scopes lock keys and the wake-up channel, so schemas sharing a database never interfere. */
  schema: string;
  /** The URL with its password masked, for messages and logs. */
  display: string;
}

// Lower-case only, so the name needs no quoting; short enough that the channel name stays under 63 bytes.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** Parses `postgres://user@host:port/db?schema=name`; E_CONFIG for anything polecat cannot use. */
export function parsePgLocation(url: string): PgLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PolecatError("E_CONFIG", "the store setting is not a valid postgres:// URL");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new PolecatError("E_CONFIG", `store URL ${mask(parsed)} is not a postgres:// URL`);
  }
  const schema = parsed.searchParams.get("schema") ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new PolecatError(
      "E_CONFIG",
      `store URL ${mask(parsed)}: schema "${schema}" must be 1-48 lower-case letters, digits or _, not starting with a digit`,
    );
  }
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema, display: mask(parsed) };
}

function mask(url: URL): string {
  const shown = new URL(url.toString());
  if (shown.password !== "") shown.password = "***";
  return shown.toString();
}
