// What the refinery is doing, as it happens: the ports are wrapped so every routing decision, review,
// validation, push and status change is reported to the CLI without the core knowing about output.
import type { RefineryDeps } from "../../core/ports/refinery.js";
import type { TaskStatus } from "../../core/status.js";

/** One step of a refinery run, for progress output. */
export type RefineryProgress =
  | { kind: "route"; id: string; text: string }
  | { kind: "review"; id: string }
  | { kind: "validate"; ids: string[] }
  | { kind: "validated"; ids: string[]; pass: boolean }
  | { kind: "pushed"; head: string; ids: string[] }
  | { kind: "moved"; head: string }
  | { kind: "status"; id: string; to: TaskStatus; reason?: string; commit?: string };

/** The same ports, reporting each step to `emit` before (validate, review) or after (the rest) it happens. */
export function observeDeps(deps: RefineryDeps, emit: (p: RefineryProgress) => void): RefineryDeps {
  const { store, git } = deps;
  // Which tasks a built head holds, so a validation can be reported by task ids.
  const built = new Map<string, string[]>();
  return {
    ...deps,
    store: {
      list: (filter) => store.list(filter),
      async logEvent(event) {
        await store.logEvent(event);
        if (event.event === "refinery.route" && event.task_id !== undefined) {
          emit({ kind: "route", id: event.task_id, text: event.message ?? "" });
        }
      },
      async transition(req) {
        const task = await store.transition(req);
        emit({
          kind: "status",
          id: task.id,
          to: task.status,
          ...(req.patch?.reason === undefined ? {} : { reason: req.patch.reason }),
          ...(req.patch?.merge_commit === undefined ? {} : { commit: req.patch.merge_commit }),
        });
        return task;
      },
    },
    git: {
      ...git,
      head: () => git.head(),
      changedPaths: (task) => git.changedPaths(task),
      landed: (work) => git.landed(work),
      revert: (base, commit, message) => git.revert(base, commit, message),
      cleanup: (id) => git.cleanup(id),
      async build(base, ids) {
        const r = await git.build(base, ids);
        if (r.ok) built.set(r.head, [...ids]);
        return r;
      },
      async validate(head) {
        const ids = built.get(head) ?? [];
        emit({ kind: "validate", ids });
        const r = await git.validate(head);
        emit({ kind: "validated", ids, pass: r.pass });
        return r;
      },
      async push(base, head) {
        const r = await git.push(base, head);
        emit(r.ok ? { kind: "pushed", head, ids: built.get(head) ?? [] } : { kind: "moved", head: r.head });
        return r;
      },
    },
    review(task) {
      emit({ kind: "review", id: task.id });
      return deps.review(task);
    },
  };
}

const short = (sha: string): string => sha.slice(0, 10);
const list = (ids: readonly string[]): string => (ids.length === 0 ? "(revert)" : ids.join(", "));

/** A progress step as plain text (CI logs, pipes): one line, then a multi-line reason's other lines indented. */
export function progressLine(p: RefineryProgress): string {
  switch (p.kind) {
    case "route":
      return `${p.id}: ${p.text}`;
    case "review":
      return `${p.id}: engineer review running`;
    case "validate":
      return `validating ${list(p.ids)}`;
    case "validated":
      return `${p.pass ? "passed" : "failed"}: ${list(p.ids)}`;
    case "pushed":
      return `pushed ${short(p.head)}: ${list(p.ids)}`;
    case "moved":
      return `main moved to ${short(p.head)} meanwhile; rebuilding`;
    case "status": {
      const [first = "", ...more] = p.reason?.split("\n") ?? [];
      const reason = p.reason === undefined ? "" : `: ${first}`;
      const commit = p.commit === undefined ? "" : ` as ${short(p.commit)}`;
      return [`${p.id}: ${p.to}${commit}${reason}`, ...more.map((l) => `    ${l}`)].join("\n");
    }
  }
}
