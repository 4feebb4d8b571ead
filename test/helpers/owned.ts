// What a test makes is cleaned up after it, however it ends: fixtures, origins, and the processes it starts
// (no swarm or daemon outlives its test).
import { afterEach } from "vitest";

/** Call inside a describe: everything handed to the returned function is cleaned up (in order) after its test. */
export function ownedUntilAfterEach<T>(cleanup: (made: T) => Promise<void>): (made: T) => T {
  const owned: T[] = [];
  afterEach(async () => {
    for (const m of owned.splice(0)) await cleanup(m);
  });
  return (made) => {
    owned.push(made);
    return made;
  };
}

/** A started process: something to kill and to wait for. */
type Killable = PromiseLike<unknown> & { kill(signal?: NodeJS.Signals): unknown };

/** Call inside a describe: every process handed to the returned `own` is SIGKILLed and awaited after its test. */
export function useOwnedProcesses(): <T extends Killable>(p: T) => T {
  const own = ownedUntilAfterEach<Killable>(async (p) => {
    p.kill("SIGKILL");
    await Promise.resolve(p).catch(() => undefined);
  });
  return (p) => {
    own(p);
    return p;
  };
}
