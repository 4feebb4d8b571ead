// Processes a test starts are killed after it, however it ends: no swarm or daemon outlives its test.
import { afterEach } from "vitest";

/** A started process: something to kill and to wait for. */
type Killable = PromiseLike<unknown> & { kill(signal?: NodeJS.Signals): unknown };

/** Registers an afterEach that SIGKILLs and awaits every process handed to the returned `own`. */
export function useOwnedProcesses(): <T extends Killable>(p: T) => T {
  const owned: Killable[] = [];
  afterEach(async () => {
    for (const p of owned.splice(0)) {
      p.kill("SIGKILL");
      await Promise.resolve(p).catch(() => undefined);
    }
  });
  return (p) => {
    owned.push(p);
    return p;
  };
}
