// Worker types this machine cannot run (their program is missing): no slot for them, their slots go to a fallback that can.
import type { WorkerRegistry } from "../../core/spec.js";

/** Slots once unrunnable types are taken out, and one line per type saying where its work goes. */
export interface RunnableComposition {
  slots: Record<string, number>;
  notes: string[];
}

/**
 * Takes out every type in `missing` (type → why it cannot run). Its slots move to the first type along its
 * fallback chain that can run, up to that type's max_concurrent; the swarm pauses the missing type, so the
 * fallback claims its work (tasks whose needs it covers) without charging any task.
 */
export function withoutUnrunnable(requested: Readonly<Record<string, number>>, registry: WorkerRegistry, missing: Readonly<Record<string, string>>): RunnableComposition {
  const slots: Record<string, number> = {};
  for (const [type, n] of Object.entries(requested)) if (missing[type] === undefined) slots[type] = n;
  const notes: string[] = [];
  for (const [type, n] of Object.entries(requested)) {
    const why = missing[type];
    if (why === undefined) continue;
    const seen = new Set([type]);
    let to = registry.workers[type]?.fallback;
    while (to !== undefined && !seen.has(to) && missing[to] !== undefined) {
      seen.add(to);
      to = registry.workers[to]?.fallback;
    }
    const fallback = to === undefined || seen.has(to) ? undefined : to;
    if (fallback === undefined) {
      notes.push(`${type}: ${why}: no slot for it, and no fallback that can run takes its work`);
      continue;
    }
    const max = registry.workers[fallback]?.max_concurrent ?? 0;
    const had = slots[fallback] ?? 0;
    const moved = Math.max(0, Math.min(n, max - had));
    if (moved > 0) slots[fallback] = had + moved;
    const where = moved > 0 ? `its ${moved === 1 ? "slot goes" : `${moved} slots go`} to ${fallback} (its fallback)` : `its work goes to ${fallback} (its fallback)`;
    notes.push(`${type}: ${why}: no slot for it; ${where}`);
  }
  return { slots, notes };
}
