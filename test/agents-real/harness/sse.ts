// Server-sent events as the model APIs stream them: `event:` (when named) and one JSON `data:` line each.
import type { ServerResponse } from "node:http";

/** Starts an SSE answer. */
export function startSse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", ...headers });
}

/** Writes one event; `name` null writes a data-only event (Gemini's `alt=sse`). */
export function sendEvent(res: ServerResponse, name: string | null, data: unknown): void {
  res.write(`${name === null ? "" : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`);
}

/** Splits a string into `parts` roughly equal pieces, so deltas arrive in more than one chunk. */
export function chunks(s: string, parts = 2): string[] {
  if (s.length < parts) return [s];
  const size = Math.ceil(s.length / parts);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}
