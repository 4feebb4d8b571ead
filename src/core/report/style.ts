// The report's inline stylesheet: the page carries everything it needs, no external resources.

/** CSS for the whole page. */
export const REPORT_CSS = `
:root { --finished:#2e9d5b; --running:#2f6fd6; --failed:#d64545; --blocked:#8e1d1d; --released:#9aa3ad;
  --reset:#b08a2e; --ended:#2a9d99; --cancelled:#6b7280; --active:#e29a2d; --in_progress:#2f6fd6; --merge_ready:#2e9d5b;
  --review:#8a5cd6; --approved:#2a9d99; --done:#2e9d5b; --waiting:#b08a2e; --unknown:#6b7280; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1f2933; margin:24px; background:#fafbfc; }
h1 { font-size:22px; margin:0 0 4px; } h2 { font-size:16px; margin:28px 0 8px; }
.meta { color:#52606d; margin:0 0 12px; }
.stats { display:flex; flex-wrap:wrap; gap:10px; margin:0; padding:0; list-style:none; }
.stats li { background:#fff; border:1px solid #e4e7eb; border-radius:6px; padding:6px 12px; }
.stats b { font-size:18px; margin-right:4px; }
.gantt { background:#fff; border:1px solid #e4e7eb; border-radius:6px; padding:8px 12px; }
.lane { display:flex; align-items:center; height:30px; }
.lane-name { width:110px; flex:none; font:12px ui-monospace, SFMono-Regular, Menlo, monospace; color:#3e4c59; overflow:hidden; text-overflow:ellipsis; }
.track { position:relative; flex:1; height:24px; border-bottom:1px solid #f0f2f4; }
.axis { height:20px; } .axis .track { border:0; }
.tick { position:absolute; transform:translateX(-50%); font-size:11px; color:#7b8794; top:2px; }
.grid { position:absolute; top:0; bottom:0; width:1px; background:#eef1f4; }
.bar { position:absolute; top:2px; height:20px; min-width:3px; border-radius:3px; overflow:hidden; color:#fff; }
.bar .label { position:relative; padding:0 5px; font:600 11px/20px ui-monospace, SFMono-Regular, Menlo, monospace; white-space:nowrap; }
.bar .stage { position:absolute; top:0; bottom:0; }
.stage-0 { background:rgba(255,255,255,0); } .stage-1 { background:rgba(255,255,255,.18); } .stage-2 { background:rgba(0,0,0,.12); }
.bar.running { background-image:repeating-linear-gradient(45deg, rgba(255,255,255,.18) 0 6px, transparent 6px 12px); }
.finished, .key.finished { background-color:var(--finished); } .running, .key.running { background-color:var(--running); }
.failed, .key.failed { background-color:var(--failed); } .blocked, .key.blocked { background-color:var(--blocked); }
.released, .key.released { background-color:var(--released); } .reset, .key.reset { background-color:var(--reset); }
.ended, .key.ended { background-color:var(--ended); } .cancelled, .key.cancelled { background-color:var(--cancelled); }
.merge { position:absolute; top:6px; width:10px; height:10px; margin-left:-5px; transform:rotate(45deg); background:#1f2933; }
.legend { color:#52606d; font-size:12px; margin:6px 0 0; }
.key, .swatch { display:inline-block; width:12px; height:12px; border-radius:2px; vertical-align:-2px; margin:0 4px 0 8px; }
svg.queue { width:100%; height:auto; background:#fff; border:1px solid #e4e7eb; border-radius:6px; }
.series { fill:none; stroke-width:2.5; } .series.active { stroke:var(--active); } .series.in_progress { stroke:var(--in_progress); }
.series.merge_ready { stroke:var(--merge_ready); stroke-dasharray:6 3; }
.swatch.active { background:var(--active); } .swatch.in_progress { background:var(--in_progress); } .swatch.merge_ready { background:var(--merge_ready); }
.gridline { stroke:#eef1f4; } .xlabel { font-size:12px; fill:#7b8794; text-anchor:middle; } .ylabel { font-size:12px; fill:#7b8794; text-anchor:end; }
table { border-collapse:collapse; background:#fff; border:1px solid #e4e7eb; width:100%; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid #eef1f4; vertical-align:top; }
th { background:#f5f7fa; font-weight:600; font-size:12px; color:#52606d; }
td.id { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; } td.num { text-align:right; font-variant-numeric:tabular-nums; }
.pill { display:inline-block; padding:0 8px; border-radius:10px; color:#fff; font-size:12px; background:var(--unknown); }
.pill.active { background:var(--active); } .pill.in_progress { background:var(--in_progress); } .pill.merge_ready { background:var(--merge_ready); }
.pill.review { background:var(--review); } .pill.approved { background:var(--approved); } .pill.done { background:var(--done); }
.pill.blocked { background:var(--blocked); } .pill.cancelled { background:var(--cancelled); } .pill.waiting { background:var(--waiting); }
a.label { color:#fff; text-decoration:none; } a.label:hover { text-decoration:underline; }
td.why { max-width:420px; color:#52606d; font-size:12px; } #refinery .stats { margin-bottom:10px; }
.empty { color:#7b8794; } tr.total td { font-weight:600; border-top:2px solid #e4e7eb; }
`;
