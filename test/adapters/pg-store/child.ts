// Runs a fixture under test/adapters/pg-store/fixtures/ as a real OS process and reads the JSON lines it prints.
// The fixtures import polecat from dist/, which `npm test` builds before vitest runs.
import { execa, type ResultPromise } from "execa";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** One line a child printed. */
export type ChildMessage = Record<string, unknown>;

/** A running fixture process. */
export interface Child {
  proc: ResultPromise;
  /** Every message printed so far. */
  messages(): ChildMessage[];
  /** The first message (already printed or still to come) that matches; rejects if the child exits first or time runs out. */
  next(match: (m: ChildMessage) => boolean, timeoutMs?: number): Promise<ChildMessage>;
  send(line: string): void;
  /** SIGKILL, then wait until the process is gone. */
  kill(): Promise<void>;
}

/** Starts `node test/adapters/pg-store/fixtures/<fixture> ...args`. */
export function startChild(fixture: string, args: string[]): Child {
  const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const proc = execa(process.execPath, [script, ...args], { reject: false, buffer: false, stdin: "pipe", stderr: "inherit" });
  const messages: ChildMessage[] = [];
  const listeners = new Set<() => void>();
  let exited = false;
  createInterface({ input: proc.stdout }).on("line", (line) => {
    messages.push(JSON.parse(line) as ChildMessage);
    for (const l of listeners) l();
  });
  void proc.then(() => {
    exited = true;
    for (const l of listeners) l();
  });
  return {
    proc,
    messages: () => [...messages],
    next(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = messages.find(match);
          if (found !== undefined) finish(() => resolve(found));
          else if (exited) finish(() => reject(new Error(`${fixture} exited before the expected message`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${fixture}: no expected message in ${timeoutMs} ms`))), timeoutMs);
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    send(line) {
      proc.stdin.write(`${line}\n`);
    },
    async kill() {
      proc.kill("SIGKILL");
      await proc;
    },
  };
}
