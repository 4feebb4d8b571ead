// Renderers for plans and simulated schedules: table rows, the Markdown dispatch log, a Mermaid graph.
import type { DispatchPlan, PlannedTask } from "./plan.js";
import type { RoutingDecision } from "./routing.js";
import type { Schedule } from "./schedule.js";

/** Column names and string cells, ready for whatever table printer the CLI uses. */
export interface TableRows {
  columns: string[];
  rows: string[][];
}

/** The worker column: who takes the task now, or why nobody does. */
function workerCell(d: RoutingDecision): string {
  if (d.state === "queued") return `queued (${d.primary})`;
  if (d.state === "unroutable") return "unroutable";
  return d.worker ?? "";
}

/** `claude: 2, gemini: 1`: a swarm composition in words. */
export function formatSwarm(swarm: Readonly<Record<string, number>>): string {
  const parts = Object.entries(swarm).map(([type, n]) => `${type}: ${n}`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** The `polecat plan` table: one row per task in dispatch order. */
export function planTable(plan: DispatchPlan): TableRows {
  return {
    columns: ["task", "wave", "worker", "rule", "capacity"],
    rows: plan.tasks.map((t) => [t.id, String(t.wave), workerCell(t.decision), t.decision.reason, t.decision.capacity]),
  };
}

/** The plan's word on overlapping files: the order serialization added, else one warning per likely conflict. */
export function overlapLines(plan: DispatchPlan): string[] {
  if (plan.serialized.length > 0) {
    return plan.serialized.map((e) => `serialized: ${e.task} runs after ${e.after} (both declare ${e.files.join(", ")})`);
  }
  const lines = plan.overlaps.map(
    (o) =>
      `warning: ${o.tasks[0]} and ${o.tasks[1]} may run at once and both declare ${o.files.join(", ")}; the later to merge will likely conflict ` +
      "(add a depends_on, or set dispatch.serialize_overlapping: true)",
  );
  if (plan.overlaps_truncated) lines.push(`warning: more tasks overlap than the ${plan.overlaps.length} pairs above (dispatch.serialize_overlapping: true orders them all)`);
  return lines;
}

/** A GitHub Markdown table with padded columns; pipes and line breaks in cells are escaped (the swarm's dispatch log uses it too). */
export function markdownTable(columns: string[], rows: string[][]): string[] {
  const cell = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const body = rows.map((r) => r.map(cell));
  const widths = columns.map((c, i) => body.reduce((w, r) => Math.max(w, (r[i] ?? "").length), Math.max(c.length, 3)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

/** The reason column: the rule, plus what capacity did to it when the task does not go to its primary now. */
function reasonCell(t: PlannedTask): string {
  const d = t.decision;
  return d.state === "fallback" || d.state === "queued" ? `${d.reason}; ${d.capacity}` : d.reason;
}

/** Options for the dispatch log. */
export interface MarkdownOptions {
  /** Dispatch time (epoch ms); defaults to the plan's. */
  now?: number;
  /** The swarm actually launched; defaults to the plan's suggestion. */
  swarm?: Readonly<Record<string, number>>;
}

/** The "## Worker Dispatch Log" section, in the format supervisors append to the parent task. */
export function planMarkdown(plan: DispatchPlan, opts: MarkdownOptions = {}): string {
  const at = opts.now ?? plan.generated_at;
  const rows = plan.tasks.map((t) => [t.id, workerCell(t.decision), reasonCell(t)]);
  const capacity = plan.capacity.map((c) => `- ${c.worker}: ${c.current}/${c.max}${c.queued > 0 ? ` (${c.queued} queued)` : ""}`);
  return [
    "## Worker Dispatch Log",
    "",
    `**Dispatched**: ${at === undefined ? "not yet" : new Date(at).toISOString()}`,
    `**Swarm**: ${formatSwarm(opts.swarm ?? plan.swarm)}`,
    "",
    "### Task Assignments",
    "",
    ...markdownTable(["Task", "Worker Type", "Reason"], rows),
    "",
    "### Capacity Status",
    "",
    ...capacity,
    "",
  ].join("\n");
}

/** Fill and stroke per worker type, by registry order, so a type keeps its colour from run to run. */
const PALETTE = ["#cfe2ff", "#d1f2d6", "#ffe5b4", "#e8d5ff", "#ffd6d6", "#d6f5f5", "#fff3b0", "#e0e0e0"] as const;
const STROKE = ["#3d6fb6", "#2f8a46", "#c07a00", "#7a3fc0", "#b63d3d", "#2f8a8a", "#a08a00", "#666666"] as const;

/** Mermaid text inside double quotes: quotes and angle brackets become entity codes. */
function mermaidLabel(s: string): string {
  return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** The plan's DAG as a Mermaid `graph TD`, nodes coloured by the worker type that takes them. */
export function planMermaid(plan: DispatchPlan): string {
  // Task ids may hold `.`, `-` or worse: nodes get positional ids and show the real id as their label.
  const node = new Map(plan.tasks.map((t, i) => [t.id, `t${i}`] as const));
  const classOf = new Map(plan.capacity.map((c, i) => [c.worker, `w${i}_${c.worker.replace(/[^A-Za-z0-9_]/g, "_")}`] as const));
  const lines = ["graph TD"];
  for (const t of plan.tasks) lines.push(`  ${node.get(t.id)}["${mermaidLabel(t.id)}"]`);
  for (const t of plan.tasks) {
    for (const d of t.depends_on) if (node.has(d)) lines.push(`  ${node.get(d)} --> ${node.get(t.id)}`);
  }
  plan.capacity.forEach((c, i) => {
    const k = i % PALETTE.length;
    lines.push(`  classDef ${classOf.get(c.worker)} fill:${PALETTE[k]},stroke:${STROKE[k]},color:#000`);
  });
  lines.push("  classDef unroutable fill:#ffffff,stroke:#cc0000,stroke-dasharray:4 2,color:#cc0000");
  const members = new Map<string, string[]>();
  for (const t of plan.tasks) {
    const type = t.decision.worker ?? t.decision.primary;
    const cls = (type === undefined ? undefined : classOf.get(type)) ?? "unroutable";
    const ids = members.get(cls) ?? [];
    ids.push(node.get(t.id) ?? "");
    members.set(cls, ids);
  }
  for (const [cls, ids] of members) lines.push(`  class ${ids.join(",")} ${cls}`);
  return `${lines.join("\n")}\n`;
}

/** The `swarm --dry-run` table: which slot takes which task, in what order, by which rule, in which wave. */
export function dispatchTable(schedule: Schedule): TableRows {
  const minutes = (m: number): string => {
    const r = Math.round(m);
    return r < 60 ? `${r}m` : `${Math.floor(r / 60)}h${String(r % 60).padStart(2, "0")}m`;
  };
  return {
    columns: ["slot", "order", "task", "rule", "wave", "start", "end"],
    rows: [
      ...schedule.assignments.map((a) => [a.slot, String(a.order), a.task, a.rule, String(a.wave), minutes(a.start), minutes(a.end)]),
      ...schedule.unscheduled.map((id) => ["-", "-", id, "never taken: no slot may run it", "-", "-", "-"]),
    ],
  };
}
