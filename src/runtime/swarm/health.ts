// Worker-type health for one swarm: a type whose agent cannot run (login, quota, argv, binary) is paused for every slot.
import type { FailureClass } from "../../core/agent/classify.js";
import { formatDuration } from "../../core/duration.js";

/** Why a worker type is paused, and until when (limits); a pause without `until` lasts until someone fixes it. */
export interface TypePause {
  class: FailureClass;
  /** The agent's own words, prefixed with the type: `claude auth: Not logged in · Please run /login`. */
  reason: string;
  until?: number;
}

/** Back-off for a limit that did not say when to come back: doubles per pause in a row, at most this. */
export const MAX_LIMIT_BACKOFF_MS = 15 * 60_000;

/** The swarm's view of its worker types' health; slots consult it before each claim. */
export class TypeHealth {
  private readonly pauses = new Map<string, TypePause>();
  private readonly streak = new Map<string, number>();

  constructor(private readonly limitBackoffMs: number) {}

  /**
   * Pauses a type. A limit pauses until its reset time, or for a back-off that doubles while the type keeps
   * hitting limits; any other worker-type class pauses it for the rest of the swarm. Returns the pause.
   */
  pause(type: string, cls: FailureClass, reason: string, now: number, retryAt?: number): TypePause {
    const limit = cls === "rate_limit" || cls === "usage_limit";
    const n = (this.streak.get(type) ?? 0) + 1;
    this.streak.set(type, n);
    const backoff = Math.min(this.limitBackoffMs * 2 ** (n - 1), MAX_LIMIT_BACKOFF_MS);
    const p: TypePause = limit ? { class: cls, reason, until: Math.max(retryAt ?? now + backoff, now) } : { class: cls, reason };
    const known = this.pauses.get(type);
    // Several slots may hit the same limit at once: the latest reset wins, a permanent pause stays permanent.
    if (known !== undefined && (known.until === undefined || (p.until !== undefined && known.until >= p.until))) return known;
    this.pauses.set(type, p);
    return p;
  }

  /** A run of the type succeeded: its limit streak starts over. */
  healthy(type: string): void {
    this.streak.delete(type);
  }

  /** The type's pause, or undefined when it may run now (a limit whose time has come is lifted). */
  pausedNow(type: string, now: number): TypePause | undefined {
    const p = this.pauses.get(type);
    if (p?.until !== undefined && p.until <= now) {
      this.pauses.delete(type);
      return undefined;
    }
    return p;
  }

  /** Every type paused now, for claims (their work goes to fallbacks) and the queue's liveness. */
  pausedTypes(now: number): string[] {
    return [...this.pauses.keys()].filter((t) => this.pausedNow(t, now) !== undefined);
  }
}

/** `claude paused for 30s (rate limit): ...` or `claude paused until fixed (auth): ...`. */
export function pauseText(type: string, p: TypePause, now: number): string {
  const how = p.until === undefined ? "paused until fixed" : `paused for ${formatDuration(Math.max(0, p.until - now))}`;
  return `${type} ${how} (${p.class.replace("_", " ")}, no task charged): ${p.reason}`;
}
