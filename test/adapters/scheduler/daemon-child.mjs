// A real daemon process for the SIGTERM test (imports the built code from dist/, which `npm test` builds
// before vitest runs). One schedule fires every second; its job marks "started", works 1.5 s, marks
// "finished". Usage: node daemon-child.mjs DIR
import { appendFileSync, writeFileSync } from "node:fs";
import { fileLeadership } from "../../../dist/adapters/file-store/leadership.js";
import { runDaemon } from "../../../dist/adapters/scheduler/index.js";

const dir = process.argv[2];
const mark = (text) => appendFileSync(`${dir}/marks`, `${text}\n`);
const work = async () => {
  mark("started");
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  mark("finished");
};
const idle = async () => undefined;

const result = await runDaemon({
  project: "demo",
  schedules: [{ name: "tick", cron: "*/1 * * * * *", job: "janitor", args: [] }],
  jobs: { janitor: work, refinery: idle, swarm: idle, sync: idle },
  log: (event) => appendFileSync(`${dir}/events.jsonl`, `${JSON.stringify({ ts: Date.now(), ...event })}\n`),
  leadership: fileLeadership(`${dir}/locks`),
  signals: process,
});
writeFileSync(`${dir}/result.json`, JSON.stringify(result));
