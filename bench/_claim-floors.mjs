// The least a claim can cost on this machine, whatever store makes it: the same claimer harness runs these
// bare loops beside the real stores, so each claims row can say how close to the floor it came.
// - file-floor: the file system work one file-store claim needs and nothing else: a temp file created
//   before the lock, the lock directory (mkdir, with the store's polling while it is held), the temp filled,
//   fsynced and linked under a new name, the lock removed, the directory fsynced. No state is read.
// - pg-floor: one durable statement that leases the best `active` row of a three-column table with
//   FOR UPDATE SKIP LOCKED and inserts its event row, the two writes a PostgreSQL claim must make.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/** The file floor's claimer: `quota` claims, each the file system steps of one store commit. */
function fileFloor(home, quota) {
  const lock = join(home, "lock");
  let left = quota;
  let n = 0;
  const acquire = async () => {
    for (let attempt = 0; ; attempt++) {
      const held = statSync(lock, { throwIfNoEntry: false }) !== undefined;
      if (!held) {
        try {
          mkdirSync(lock);
          return;
        } catch (e) {
          if (e.code !== "EEXIST") throw e;
        }
      }
      await sleep(1 + Math.random() * Math.min(8, attempt));
    }
  };
  return {
    get: () => Promise.resolve(undefined),
    close: () => Promise.resolve(),
    async claim() {
      if (left === 0) return undefined;
      left -= 1;
      const temp = join(home, `${process.pid}.${++n}.tmp`);
      const fd = openSync(temp, "wx");
      await acquire();
      try {
        writeFileSync(fd, JSON.stringify({ seq: n, owner: process.pid, status: "in_progress" }));
        fsyncSync(fd);
        linkSync(temp, join(home, `${process.pid}.${n}.log`));
      } finally {
        rmdirSync(lock);
      }
      const dir = openSync(home, "r");
      fsyncSync(dir);
      closeSync(dir);
      closeSync(fd);
      unlinkSync(temp);
      return { n };
    },
  };
}

/** Where the PostgreSQL floor's tables live: the bench sandbox's schema, from its `schema` URL parameter. */
function pgTarget(location) {
  const url = new URL(location);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  return { connectionString: url.toString(), schema };
}

/** The PostgreSQL floor's claimer: the bare claim statement, prepared, until no row is left. */
async function pgFloor(location) {
  const { connectionString, schema } = pgTarget(location);
  const client = new pg.Client({ connectionString });
  await client.connect();
  const text = `
WITH c AS (
  UPDATE ${schema}.floor_tasks SET status = 'in_progress', owner = $1
  WHERE id = (SELECT id FROM ${schema}.floor_tasks WHERE status = 'active' ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING id, owner),
e AS (INSERT INTO ${schema}.floor_events (doc) SELECT jsonb_build_object('event', 'task.claimed', 'task_id', c.id, 'worker_id', c.owner) FROM c)
SELECT id FROM c`;
  const owner = `floor:${process.pid}`;
  return {
    get: () => Promise.resolve(undefined),
    close: () => client.end(),
    async claim() {
      const { rows } = await client.query({ name: "floor-claim", text, values: [owner] });
      return rows[0];
    },
  };
}

/** The floor backends the claimer harness knows, by name: how to set one up with `tasks` ready, and open a claimer. */
export const FLOORS = {
  "file-floor": {
    setup: () => Promise.resolve(),
    open: (home, processes, tasks, index) => fileFloor(home, Math.floor(tasks / processes) + (index < tasks % processes ? 1 : 0)),
  },
  "pg-floor": {
    async setup(location, tasks) {
      const { connectionString, schema } = pgTarget(location);
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`CREATE TABLE ${schema}.floor_tasks (id int PRIMARY KEY, status text NOT NULL, owner text, priority int NOT NULL)`);
        await client.query(`CREATE INDEX ON ${schema}.floor_tasks (priority DESC, id) WHERE status = 'active'`);
        await client.query(`CREATE TABLE ${schema}.floor_events (id bigserial PRIMARY KEY, doc jsonb NOT NULL)`);
        await client.query(`INSERT INTO ${schema}.floor_tasks SELECT g, 'active', NULL, g % 3 FROM generate_series(1, $1::int) g`, [tasks]);
        await client.query(`ANALYZE ${schema}.floor_tasks`);
      } finally {
        await client.end();
      }
    },
    open: (location) => pgFloor(location),
  },
};
