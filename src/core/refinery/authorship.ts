// Who a squash commit is by: the worker type's git identity as author, the agent and the reviewer as
// Co-authored-by trailers, the review notes in the body, and the Polecat-Task/Attempt trailers the
// refinery's idempotency reads (trailers.ts). The committer stays the machine's own identity.
import { taskBranch } from "../layout.js";
import type { TaskRecord } from "../ports/store.js";
import type { WorkerRegistry } from "../spec.js";
import { ATTEMPT_TRAILER, TASK_TRAILER } from "./trailers.js";

/** Text of an approving review note (`approved` or `approved: NOTES`), as reviewOutcome records it. */
const APPROVED = /^approved(?::\s*([\s\S]*))?$/;

/** What a squash commit says about its task and who made it. */
export interface SquashInfo {
  id: string;
  title: string;
  attempt: number;
  /** The worker type whose agent did the work, its git identity, and the agent's model when it said. */
  worker?: { type: string; author: string; model?: string };
  /** The engineer review that approved it: the reviewing worker type, its identity and its notes. */
  review?: { type: string; author: string; notes: string };
}

/** A worker type's git identity: its registry `author`, else `polecat <type> <polecat+<type>@localhost>`. */
export function workerIdentity(type: string, registry: WorkerRegistry | undefined): string {
  return registry?.workers[type]?.author ?? `polecat ${type} <polecat+${type}@localhost>`;
}

/** The identity with the model in its name: `Name (model) <email>`. */
function withModel(identity: string, model: string | undefined): string {
  if (model === undefined || model.trim() === "") return identity;
  const at = identity.lastIndexOf(" <");
  return `${identity.slice(0, at)} (${model.replace(/[<>\n]/g, "").trim()})${identity.slice(at)}`;
}

/**
 * The squash commit's facts from the task record: the worker type of its last run (else its route),
 * and the approving review of this attempt, read from the review note the refinery wrote under the
 * reviewing worker type's name.
 */
export function squashInfo(task: TaskRecord, registry: WorkerRegistry | undefined): SquashInfo {
  const info: SquashInfo = { id: task.id, title: task.spec.title, attempt: task.attempt };
  const type = task.last_run?.worker_type ?? task.route.worker;
  const model = task.last_run?.model;
  info.worker = { type, author: workerIdentity(type, registry), ...(model === undefined ? {} : { model }) };
  const since = task.started_at ?? 0;
  const approval = task.notes.filter((n) => n.kind === "review" && n.ts >= since && APPROVED.test(n.text)).at(-1);
  if (approval !== undefined && registry?.workers[approval.author] !== undefined) {
    const notes = APPROVED.exec(approval.text)?.[1]?.trim() ?? "";
    info.review = { type: approval.author, author: workerIdentity(approval.author, registry), notes };
  }
  return info;
}

/** The commit's author: the worker type's identity, when known. */
export function squashAuthor(info: SquashInfo): string | undefined {
  return info.worker?.author;
}

/** The squash commit's message: subject, who did it, the review notes, then the trailers. */
export function squashMessage(info: SquashInfo): string {
  const subject = info.title.replace(/\s*[\r\n]+\s*/g, " ").trim() || `task ${info.id}`;
  const body = [`Squash-merged by the polecat refinery from ${taskBranch(info.id)}.`];
  const trailers: string[] = [];
  if (info.worker !== undefined) {
    body[0] += `\nWorker: ${info.worker.type}${info.worker.model === undefined ? "" : ` (model ${info.worker.model})`}.`;
    trailers.push(`Co-authored-by: ${withModel(info.worker.author, info.worker.model)}`);
  }
  if (info.review !== undefined) {
    const notes = info.review.notes === "" ? "" : `\n\n${info.review.notes.replace(/\r\n?/g, "\n")}`;
    body.push(`Reviewed by ${info.review.type}: approved.${notes}`);
    trailers.push(`Co-authored-by: ${info.review.author}`);
  }
  trailers.push(`${TASK_TRAILER}: ${info.id}`, `${ATTEMPT_TRAILER}: ${info.attempt}`);
  return `${subject} (${info.id})\n\n${body.join("\n\n")}\n\n${trailers.join("\n")}\n`;
}
