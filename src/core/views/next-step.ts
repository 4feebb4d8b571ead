// The one concrete next step `polecat analyze` ends with, decided from the task's state, never its text.
import type { Note } from "../ports/store.js";
import type { AnalyzeView } from "./analyze-view.js";
import { span } from "./text.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function reopen(id: string): string {
  return `\`polecat task set ${id} --status active\``;
}

/** A blocked task back in the queue with its counts started over, so it gets its full attempts and kickbacks again. */
function retry(id: string): string {
  return `\`polecat task retry ${id} --note "what changed"\``;
}

/** Waiting on dependencies: say which, and whether any of them needs a human first. */
function waitingOn(v: AnalyzeView): string {
  const list = v.blockers.map((b) => `${b.task_id} (${b.status})`).join(", ");
  const stuck = v.blockers.find((b) => b.status === "blocked" || b.status === "cancelled" || b.status === "missing");
  if (stuck === undefined) return `waiting on ${list}: it becomes ready when they are merged; nothing to do`;
  const fix = stuck.status === "missing" ? "add it to the spec or drop the dependency" : `see \`polecat analyze ${stuck.task_id}\``;
  return `waiting on ${list}: ${stuck.task_id} is ${stuck.status}, so this task cannot run until it is resolved (${fix})`;
}

/** The next step in words, with the command to run when there is one. */
export function nextStep(v: AnalyzeView, lastSetback: Note | undefined): string {
  const id = v.task_id;
  const refinery = "`polecat refinery --once`";
  switch (v.status) {
    case "active":
    case "waiting": {
      if (v.blockers.length > 0) return waitingOn(v);
      if (v.backoff_ms !== undefined) {
        return `backing off after ${plural(v.failures, "failed attempt")}: claimable again in ${span(v.backoff_ms)}`;
      }
      const fallbacks = v.route.fallbacks.length > 0 ? ` (or ${v.route.fallbacks.join(", ")})` : "";
      return `ready: the next \`polecat swarm\` with a ${v.route.worker}${fallbacks} slot will claim it`;
    }
    case "in_progress": {
      const l = v.lease;
      if (l === undefined) return `in progress without a lease: run \`polecat janitor\` to return it to the queue`;
      if (l.expired) return `lease expired ${span(-l.expires_in_ms)} ago: \`polecat janitor\` will reap it and count a failed attempt`;
      return `running on ${l.slot} (${l.worker_type}) for ${span(l.elapsed_ms)}; follow it with \`polecat logs --follow --task ${id}\``;
    }
    case "merge_ready":
      return `finished; the refinery merges it on its next pass (${refinery})`;
    case "review":
      return `waiting for engineer review; the refinery runs the reviewer on its next pass (${refinery})`;
    case "approved":
      return `approved; the refinery merges it on its next pass (${refinery})`;
    case "done":
      return `merged${v.merge_commit === undefined ? "" : ` as ${v.merge_commit}`}; nothing to do`;
    case "blocked":
      if (lastSetback?.kind === "failure") {
        return `blocked after ${plural(v.failures, "failed attempt")}: fix the task then ${retry(id)}`;
      }
      if (lastSetback?.kind === "kickback") {
        return `blocked after ${plural(v.kickbacks.length, "kickback")}: resolve "${lastSetback.text.split("\n")[0] ?? ""}" then ${retry(id)}`;
      }
      return `blocked${v.reason === undefined ? "" : `: ${v.reason.split("\n")[0] ?? ""}`}; once resolved, ${retry(id)}`;
    case "cancelled":
      return `cancelled${v.reason === undefined ? "" : ` (${v.reason})`}; if it is still wanted, ${reopen(id)}`;
  }
}
