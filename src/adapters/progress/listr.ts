// The swarm's live display with listr2: a header with queue counts and one row per slot.
import type { Writable } from "node:stream";
import { Listr, ListrLogger, ListrLogLevels, ProcessOutput, type DefaultRenderer, type ListrTaskWrapper, type SimpleRenderer } from "listr2";
import { formatDuration } from "../../core/duration.js";
import { canRedraw } from "../../core/terminal.js";
import type { Slot, SlotRow, SwarmProgress } from "../../core/ports/swarm-progress.js";

/** How progress is shown: redrawn rows on a terminal, plain lines in CI or a pipe, nothing for scripts. */
export type ProgressMode = "tty" | "plain" | "silent";

/** `--silent` wins; then a terminal that can redraw (not CI, not TERM=dumb) gets the redrawn rows; everything else plain lines. */
export function progressMode(world: { isTTY: boolean; env: Record<string, string | undefined> }, silent: boolean): ProgressMode {
  if (silent) return "silent";
  return canRedraw(world.isTTY, world.env) ? "tty" : "plain";
}

/** Where and how to draw. */
export interface ProgressOptions {
  mode: ProgressMode;
  /** The world's stream progress goes to (stderr, so stdout keeps the summary). */
  stream: Writable;
  clock: () => number;
  /** Colours and icons in plain lines. */
  color: boolean;
  /** Redraw period for elapsed times and last output lines on a terminal. */
  tickMs?: number;
  /** Shortest gap between two header lines in plain mode (counts change with every task). */
  headerEveryMs?: number;
}

type Wrapper = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>;
type Ending = { text: string; ok: boolean };

const HEADER = "\u0000header";

/** Creates the display; rows and notes may be sent before listr2 has started a row's task. */
export function createProgress(opts: ProgressOptions): SwarmProgress {
  return new ListrProgress(opts);
}

class ListrProgress implements SwarmProgress {
  private readonly wrappers = new Map<string, Wrapper>();
  private readonly rows = new Map<string, SlotRow>();
  private readonly ends = new Map<string, (ending: Ending) => void>();
  /** Rows that ended before listr2 started them. */
  private readonly ended = new Map<string, Ending>();
  /** Rows (and the header) not ended yet. */
  private readonly open = new Set<string>();
  private readonly pending = new Map<string, string[]>();
  private headerLine = "starting";
  private headerShownAt = -Infinity;
  private headerShown = "";
  private running: Promise<unknown> | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ProgressOptions) {}

  start(slots: readonly Slot[]): void {
    for (const id of [HEADER, ...slots.map((s) => s.id)]) this.open.add(id);
    const task = (id: string) => (_ctx: unknown, wrapper: Wrapper) =>
      new Promise<void>((resolve, reject) => {
        this.wrappers.set(id, wrapper);
        this.draw(id);
        for (const line of this.pending.get(id) ?? []) wrapper.output = line;
        this.pending.delete(id);
        const end = ({ text, ok }: Ending): void => {
          wrapper.title = id === HEADER ? text : `${id}  ${ok ? text : "stopped"}`;
          if (ok) resolve();
          else reject(new Error(text));
        };
        const early = this.ended.get(id);
        if (early !== undefined) end(early);
        else this.ends.set(id, end);
      });
    const logger = new ListrLogger({ processOutput: new ProcessOutput(asTty(this.opts.stream), asTty(this.opts.stream)), useIcons: this.opts.color });
    const plain = this.opts.color ? {} : { color: Object.fromEntries(Object.values(ListrLogLevels).map((l) => [l, (s: string) => s])) };
    const list = new Listr(
      [HEADER, ...slots.map((s) => s.id)].map((id) => ({ title: id === HEADER ? this.headerLine : id, task: task(id) })),
      {
        concurrent: true,
        exitOnError: false,
        registerSignalListeners: false,
        renderer: "default",
        rendererOptions: { logger, collapseErrors: false },
        fallbackRenderer: "simple",
        fallbackRendererOptions: { logger, ...plain },
        fallbackRendererCondition: this.opts.mode !== "tty",
        silentRendererCondition: this.opts.mode === "silent",
      },
    );
    this.running = list.run().catch(() => undefined);
    if (this.opts.mode === "tty") this.ticker = setInterval(() => this.rows.forEach((_, id) => this.draw(id)), this.opts.tickMs ?? 1_000);
  }

  header(text: string, urgent = false): void {
    this.headerLine = text;
    if (this.opts.mode === "plain") {
      const now = this.opts.clock();
      if (text === this.headerShown || (!urgent && now - this.headerShownAt < (this.opts.headerEveryMs ?? 5_000))) return;
      this.headerShownAt = now;
      this.headerShown = text;
      this.say(HEADER, `queue: ${text}`);
    } else this.draw(HEADER);
  }

  row(slotId: string, row: SlotRow): void {
    const before = this.rows.get(slotId);
    this.rows.set(slotId, row);
    if (this.opts.mode !== "plain") return this.draw(slotId);
    // Plain lines tell what changed, not every redraw.
    if (row.task !== undefined && (row.task !== before?.task || row.stage !== before.stage)) {
      this.say(slotId, `${slotId}: ${row.task} ${row.stage === undefined ? "claimed" : `→ ${row.stage}`}`);
    }
  }

  note(slotId: string, text: string): void {
    this.say(this.opts.mode === "tty" ? HEADER : slotId, `${slotId}: ${text}`);
  }

  end(slotId: string, text: string, ok: boolean): void {
    if (!this.open.delete(slotId)) return;
    this.rows.delete(slotId);
    const end = this.ends.get(slotId);
    if (end !== undefined) end({ text, ok });
    else this.ended.set(slotId, { text, ok });
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    // A row nobody ended (its slot threw) must not keep listr2 waiting.
    for (const id of [...this.open]) if (id !== HEADER) this.end(id, "ended", true);
    this.end(HEADER, this.headerLine, true);
    await this.running;
  }

  // Sends a line to a row's output (queued until listr2 has started that row).
  private say(id: string, line: string): void {
    const wrapper = this.wrappers.get(id);
    if (wrapper !== undefined) wrapper.output = line;
    else this.pending.set(id, [...(this.pending.get(id) ?? []), line]);
  }

  // Redraws a row's title (and its last output line) on a terminal.
  private draw(id: string): void {
    const wrapper = this.wrappers.get(id);
    if (wrapper === undefined || this.opts.mode !== "tty") return;
    if (id === HEADER) {
      wrapper.title = this.headerLine;
      return;
    }
    const row = this.rows.get(id);
    if (row === undefined) return;
    const elapsed = row.since === undefined ? "" : ` · ${formatDuration(this.opts.clock() - row.since)}`;
    const what = row.task === undefined ? row.state : [row.task, row.stage ?? row.state].join(" · ");
    wrapper.title = `${id}  ${what}${elapsed}`;
    const lastLine = row.output?.lines().at(-1);
    if (lastLine !== undefined && lastLine !== wrapper.output) wrapper.output = lastLine;
  }
}

// listr2 types its streams as TTY streams; any Writable takes the writes (the default renderer only runs on a terminal).
function asTty(stream: Writable): NodeJS.WriteStream {
  return stream as NodeJS.WriteStream;
}
