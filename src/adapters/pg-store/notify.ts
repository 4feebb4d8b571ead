// Wake-ups across machines: LISTEN on the schema's channel, so idle workers claim within milliseconds.
import { Client, escapeIdentifier } from "pg";
import type { WaitForWorkOptions } from "../../core/ports/store.js";
import { untilWoken } from "../wake.js";
import type { PgLocation } from "./location.js";

/**
 * One LISTEN connection per open store, made on the first wait and kept until close. A notification
 * wakes every waiter and also leaves a mark, so a worker that was busy claiming when it came (and may
 * have read the state just before it) does not go to sleep on it: its next wait returns at once. The
 * first wait on a new connection returns at once too, since anything sent before LISTEN was missed.
 * Either way the worker claims once more; a wake-up is never lost, only sometimes spurious.
 */
export class WorkListener {
  private client: Promise<Client> | undefined;
  private current: Client | undefined;
  private readonly waiters = new Set<() => void>();
  private pending = false;
  private closed = false;

  constructor(
    private readonly location: PgLocation,
    private readonly channel: string,
  ) {}

  async wait(opts: WaitForWorkOptions): Promise<void> {
    if (this.closed || opts.signal?.aborted === true) return;
    if (this.client === undefined) {
      this.client = this.listen();
      await this.client;
      return;
    }
    await this.client;
    if (this.pending) {
      this.pending = false;
      return;
    }
    await untilWoken((wake) => {
      this.waiters.add(wake);
      return () => this.waiters.delete(wake);
    }, opts);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.then((c) => c.end()).catch(() => undefined);
  }

  private async listen(): Promise<Client> {
    const client = new Client({
      connectionString: this.location.connectionString,
      keepAlive: true,
      application_name: "polecat-listen",
    });
    // A dropped connection wakes everyone; the next wait connects again (unless a newer one already did).
    let dropped = false;
    const drop = (): void => {
      if (dropped) return;
      dropped = true;
      if (this.current === client) {
        this.current = undefined;
        this.client = undefined;
      }
      this.wakeAll();
    };
    client.on("error", drop);
    client.on("end", drop);
    client.on("notification", () => {
      this.pending = true;
      this.wakeAll();
    });
    this.current = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(this.channel)}`);
    } catch (e) {
      drop();
      await client.end().catch(() => undefined);
      throw e;
    }
    return client;
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
