// Typed errors with stable codes: callers branch on `code`, never on message text.

/** Every error code polecat raises, and the exit code a CLI run ends with when it reaches the top. */
export const ERROR_CODES = {
  E_SPEC_INVALID: 2,
  E_REGISTRY_INVALID: 2,
  E_USAGE: 2,
  E_NOT_FOUND: 2,
  E_CONFIG: 2,
  E_ILLEGAL_TRANSITION: 1,
  E_LEASE_LOST: 1,
  E_CONFLICT: 1,
  E_LOCK_HELD: 1,
  E_STORE_CORRUPT: 2,
  E_GIT: 1,
  E_AGENT: 1,
  E_INTERRUPTED: 130,
} as const;

/** A stable error identifier. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error class polecat throws on purpose; anything else reaching the top is a bug. */
export class PolecatError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[];
  constructor(code: ErrorCode, message: string, options?: { details?: readonly string[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PolecatError";
    this.code = code;
    this.details = options?.details ?? [];
  }

  /** The process exit code this error maps to. */
  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

/** Narrowing helper so callers can test for a code without `instanceof` chains. */
export function isPolecatError(e: unknown, code?: ErrorCode): e is PolecatError {
  return e instanceof PolecatError && (code === undefined || e.code === code);
}

/** The exit codes a run ends with besides an error's own: 0 ok, 1 work failed, 2 bad input, 3 nothing ready, 130 interrupted. */
export const EXIT = { OK: 0, FAILED: 1, BAD_INPUT: 2, NOTHING_READY: 3, INTERRUPTED: 130 } as const;

/** Thrown by a command that has reported its own outcome and wants a specific exit code. */
export class ExitCode extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}
