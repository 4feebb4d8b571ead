// The PostgreSQL store's schema, as numbered migrations: applied in order, once each, recorded in schema_migrations.

/** One schema change. Versions only grow; a released migration is never edited, a new one is added. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Version 1. A task is its TaskRecord as one jsonb document, written whole by the same pure rules the file
 * store runs; the columns claims, lists and the janitor query are generated from it, so they can never
 * disagree with the record.
 */
const TASKS_AND_EVENTS = `
CREATE SEQUENCE task_seq;

CREATE TABLE tasks (
  doc jsonb NOT NULL,
  project text GENERATED ALWAYS AS (doc->>'project') STORED,
  id text GENERATED ALWAYS AS (doc->>'id') STORED,
  status text NOT NULL GENERATED ALWAYS AS (doc->>'status') STORED,
  batch text GENERATED ALWAYS AS (doc->>'batch') STORED,
  seq bigint NOT NULL GENERATED ALWAYS AS ((doc->>'seq')::bigint) STORED,
  priority double precision NOT NULL GENERATED ALWAYS AS ((doc->'spec'->>'priority')::float8) STORED,
  critical_path double precision NOT NULL GENERATED ALWAYS AS ((doc->>'critical_path')::float8) STORED,
  route_worker text NOT NULL GENERATED ALWAYS AS (doc->'route'->>'worker') STORED,
  not_before double precision GENERATED ALWAYS AS ((doc->>'not_before')::float8) STORED,
  lease_worker_type text GENERATED ALWAYS AS (doc->'lease'->>'worker_type') STORED,
  lease_expires_at double precision GENERATED ALWAYS AS ((doc->'lease'->>'expires_at')::float8) STORED,
  PRIMARY KEY (project, id)
);

-- Claims walk ready candidates in claim order and stop at the first one they can lock.
CREATE INDEX tasks_claim_order ON tasks (project, priority DESC, critical_path DESC, seq) WHERE status = 'active';
-- In-progress counts per worker type (capacity, fallbacks) and the janitor's scan of leases.
CREATE INDEX tasks_running ON tasks (lease_worker_type, lease_expires_at) WHERE status = 'in_progress';
CREATE INDEX tasks_status ON tasks (project, status, seq);

CREATE TABLE events (
  id bigserial PRIMARY KEY,
  doc jsonb NOT NULL,
  ts double precision NOT NULL GENERATED ALWAYS AS ((doc->>'ts')::float8) STORED,
  project text NOT NULL GENERATED ALWAYS AS (doc->>'project') STORED,
  task_id text GENERATED ALWAYS AS (doc->>'task_id') STORED
);
-- Every claim and change writes an event, so only the two reads that matter get an index.
CREATE INDEX events_project ON events (project, id);
CREATE INDEX events_task ON events (task_id, id);
`;

/** Every migration, in order; the last one's version is the schema this build expects. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: "tasks and events", sql: TASKS_AND_EVENTS }];
