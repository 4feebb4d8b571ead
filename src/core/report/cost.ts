// The report's cost section: what the agents reported, per worker type and in total.
import type { UsageRollup } from "../views/usage.js";
import { usd } from "../views/usage.js";
import { esc } from "./html.js";

const n = (v: number | undefined): string => (v === undefined ? "-" : String(v));

/** The cost section's markup: one row per worker type and a total row; a note when no run reported anything. */
export function costHtml(spent: UsageRollup): string {
  if (spent.total.runs === 0) return `<section id="cost"><h2>Cost</h2><p class="meta">No agent run reported its cost or tokens.</p></section>`;
  const row = (name: string, u: UsageRollup["total"], cls = ""): string =>
    `<tr${cls}><td class="id">${esc(name)}</td><td class="num">${u.runs}</td><td class="num">${esc(usd(u.cost_usd))}</td>` +
    `<td class="num">${n(u.tokens_in)}</td><td class="num">${n(u.tokens_out)}</td><td class="num">${n(u.tokens_cached)}</td><td class="num">${n(u.turns)}</td></tr>`;
  return `<section id="cost"><h2>Cost</h2>
<table><thead><tr><th>worker type</th><th>runs</th><th>spent</th><th>tokens in</th><th>tokens out</th><th>cached</th><th>turns</th></tr></thead>
<tbody>
${[...spent.by_worker.map((w) => row(w.worker, w)), row("total", spent.total, ' class="total"')].join("\n")}
</tbody></table></section>`;
}
