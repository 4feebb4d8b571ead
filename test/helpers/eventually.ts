// The one polling helper of the tests: for waiting on real processes, git and the file system, where no
// clock can be faked. Timing of polecat's own code is tested on fake timers instead.
import { setTimeout as sleep } from "node:timers/promises";

/** Polls `check` every 25 ms until it holds (true) or `ms` pass (false); assert with `expect(await eventually(...), what).toBe(true)`. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 30_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}
