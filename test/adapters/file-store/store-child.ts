// Runs test/adapters/file-store/fixtures/store-child.mjs as a real OS process and reads its JSON lines.
import { execa, type ResultPromise } from "execa";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./fixtures/store-child.mjs", import.meta.url));

/** One line the child printed. */
export type ChildMessage = Record<string, unknown>;

/** A running store child. */
export interface StoreChild {
  proc: ResultPromise;
  messages: ChildMessage[];
  /** The first message (already seen or coming) that matches; rejects if the child exits first or time runs out. */
  next(match: (m: ChildMessage) => boolean, timeoutMs?: number): Promise<ChildMessage>;
  send(message: unknown): void;
  /** Closes the child's stdin. */
  endInput(): void;
  /** SIGKILL, then wait until the process is gone. */
  kill(): Promise<void>;
}

/** Starts `store-child.mjs MODE HOME`. */
export function startStoreChild(mode: "race" | "crash" | "hold" | "repl", home: string): StoreChild {
  const proc = execa(process.execPath, [SCRIPT, mode, home], { reject: false, buffer: false, stdin: "pipe" });
  const messages: ChildMessage[] = [];
  const waiters = new Set<() => void>();
  let exited = false;
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: proc.stdout });
  lines.on("line", (line) => {
    messages.push(JSON.parse(line) as ChildMessage);
    for (const w of waiters) w();
  });
  const linesDone = new Promise((resolve) => lines.on("close", resolve));
  void Promise.all([proc, linesDone]).then(() => {
    exited = true;
    for (const w of waiters) w();
  });
  const child: StoreChild = {
    proc,
    messages,
    next(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < messages.length; seen++) {
            const m = messages[seen];
            if (m !== undefined && match(m)) return done(() => resolve(m));
          }
          if (exited) done(() => reject(new Error(`store child (${mode}) exited before the expected message: ${stderr}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`store child (${mode}): no expected message in ${timeoutMs} ms: ${stderr}`))), timeoutMs);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    send(message) {
      proc.stdin.write(`${JSON.stringify(message)}\n`);
    },
    endInput() {
      proc.stdin.end();
    },
    async kill() {
      proc.kill("SIGKILL");
      await proc;
    },
  };
  return child;
}
