#!/usr/bin/env node
// polecat scripted agent: behaves like a coding agent, driven by instructions in the task, for tests and the demo.
//
// WORKERS.md runs it as `["node", "{registry_dir}/agents/scripted-agent.mjs"]`. It reads the prompt from
// $POLECAT_PROMPT_FILE and works in its current directory (the task's worktree). Plain Node, no dependencies.
//
// Instructions are the first fenced block in the prompt (i.e. in the task description) opened by a line that
// is exactly ```polecat-script and closed by a line ```. One step per line; blank lines and `#` lines are
// ignored. A step may start with guards that must all hold: [stage=NAME] [attempt=N] [restart=N]
// (from POLECAT_STAGE, POLECAT_ATTEMPT, POLECAT_RESTART).
//
//   write <path> <text>          create or replace a file (parent directories made): the rest of the line
//                                plus a newline, or, when the text starts with `"`, that JSON string exactly
//   append <path> <text>         the same, appended
//   delete <path>                remove a file (missing is fine)
//   commit <message>             git add -A, then commit; with nothing to commit it is skipped (a restarted
//                                run replays every step)
//   sleep <seconds>              wait (fractions allowed)
//   print <text>                 a line on stdout, e.g. a rate-limit notice
//   eprint <text>                a line on stderr
//   repeat <n> <seconds> <text>  print text n times, waiting between (an agent that waits out a rate limit)
//   fail [code]                  exit with this code (default 1)
//   fail_once [code]             fail on attempt 1 only
//   stall                        go silent and do nothing until killed
//   stall_once                   stall only in the first run of an attempt (POLECAT_RESTART=0)
//   noop                         do nothing (a script of only `noop` changes nothing)
//   review <verdict> [notes]     answer a review in $POLECAT_REVIEW_FILE: approve | request_changes | reject
//                                write {"decision", "notes"}; none writes nothing; malformed writes bad JSON
//   spawn_child <seconds>        start a child that sleeps that long and print `child <pid>` (process-group tests)
//   ignore_term                  ignore SIGTERM from now on (so only the KILL after the grace period ends it)
//
// Example task description:
//   ```polecat-script
//   write src/greeting.txt hello
//   commit add greeting
//   [restart=0] print Rate limit reached, waiting
//   ```
// Without a polecat-script block it writes polecat-<task id>.txt and commits it: a small, deterministic change.
// A malformed script exits 2 before doing anything; otherwise it exits 0 when the steps are done.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const env = process.env;
// Each step's minimum word count, and which of its words must be numbers.
const STEPS = {
  write: { min: 1 }, append: { min: 1 }, delete: { min: 1 }, commit: { min: 1 }, sleep: { min: 1, numbers: [0] },
  print: { min: 0 }, eprint: { min: 0 }, repeat: { min: 3, numbers: [0, 1] }, fail: { min: 0, numbers: [0] },
  fail_once: { min: 0, numbers: [0] }, stall: { min: 0 }, stall_once: { min: 0 }, noop: { min: 0 },
  review: { min: 1 }, spawn_child: { min: 1, numbers: [0] }, ignore_term: { min: 0 },
};
const GUARD = /^\[(stage|attempt|restart)=([^\]]*)\]\s*/;

const VERDICTS = ["approve", "request_changes", "reject", "none", "malformed"];

// A bad script or environment: reported on stderr, exit code 2 (output is flushed, unlike process.exit).
class ScriptError extends Error {}
function die(message) {
  throw new ScriptError(message);
}

function scriptLines(prompt) {
  const lines = prompt.split(/\r?\n/);
  const start = lines.indexOf("```polecat-script");
  if (start < 0) return undefined;
  const end = lines.indexOf("```", start + 1);
  if (end < 0) die("the polecat-script block is not closed by a ``` line");
  return lines.slice(start + 1, end);
}

// "path rest of line" → [path, content]
function pathAndText(rest, n) {
  const space = rest.search(/\s/);
  const path = space < 0 ? rest : rest.slice(0, space);
  const text = space < 0 ? "" : rest.slice(space + 1);
  if (!text.startsWith('"')) return [path, `${text}\n`];
  try {
    return [path, JSON.parse(text)];
  } catch {
    return die(`line ${n}: the text is not a valid JSON string`);
  }
}

// `[stage=x] [attempt=2] verb rest` → { guards, verb, rest, file }, checked before any step runs.
function parseStep(line, n) {
  let text = line.trim();
  const guards = [];
  for (let m = GUARD.exec(text); m; m = GUARD.exec(text)) {
    guards.push({ key: m[1], value: m[2] });
    text = text.slice(m[0].length);
  }
  const verb = text.split(/\s/, 1)[0];
  const shape = STEPS[verb];
  if (!shape) die(`line ${n}: unknown step "${verb}"`);
  const rest = text.slice(verb.length).trim();
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length < shape.min) die(`line ${n}: "${verb}" needs ${shape.min} argument(s)`);
  for (const i of shape.numbers ?? []) {
    if (words[i] !== undefined && !Number.isFinite(Number(words[i]))) die(`line ${n}: "${words[i]}" is not a number`);
  }
  if (verb === "review" && !VERDICTS.includes(words[0])) die(`line ${n}: unknown review verdict "${words[0]}"`);
  const file = verb === "write" || verb === "append" ? pathAndText(rest, n) : undefined;
  return { guards, verb, rest, file };
}

function guardsHold(guards) {
  const actual = { stage: env.POLECAT_STAGE ?? "", attempt: env.POLECAT_ATTEMPT ?? "1", restart: env.POLECAT_RESTART ?? "0" };
  return guards.every((g) => actual[g.key] === g.value);
}

// A fixed identity, so the demo commits on machines without a git identity (GIT_AUTHOR_* still win).
function git(args) {
  return spawnSync("git", ["-c", "user.name=polecat scripted agent", "-c", "user.email=scripted-agent@polecat.invalid", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
}

function commit(message) {
  const add = git(["add", "-A"]);
  if (add.status !== 0) die(`git add failed: ${add.stderr.trim()}`);
  if (git(["diff", "--cached", "--quiet"]).status === 0) {
    console.log(`nothing to commit for "${message}"`);
    return;
  }
  const c = git(["commit", "-q", "-m", message]);
  if (c.status !== 0) die(`git commit failed: ${c.stderr.trim()}`);
  console.log(`committed: ${message}`);
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));

function stall() {
  setInterval(() => {}, 1 << 30); // keeps the process alive, silent, until it is killed
  return new Promise(() => {});
}

function review(rest) {
  const [verdict, ...notes] = rest.split(/\s+/);
  const file = env.POLECAT_REVIEW_FILE;
  if (!file) die("review: POLECAT_REVIEW_FILE is not set");
  if (verdict === "none") return;
  if (verdict === "malformed") return writeFileSync(file, '{"decision": "approve", ');
  writeFileSync(file, `${JSON.stringify({ decision: verdict, notes: notes.join(" ") })}\n`);
}

// Runs one step; returns an exit code when the agent must end here.
async function run(step) {
  const { verb, rest } = step;
  const exitCode = () => (rest === "" ? 1 : Number(rest));
  switch (verb) {
    case "write":
    case "append": {
      const [path, text] = step.file;
      mkdirSync(dirname(path), { recursive: true });
      (verb === "write" ? writeFileSync : appendFileSync)(path, text);
      return;
    }
    case "delete":
      return rmSync(rest, { force: true });
    case "commit":
      return commit(rest);
    case "sleep":
      return sleep(rest);
    case "print":
      return console.log(rest);
    case "eprint":
      return console.error(rest);
    case "repeat": {
      const [count, seconds, ...words] = rest.split(/\s+/);
      for (let i = 0; i < Number(count); i++) {
        if (i > 0) await sleep(seconds);
        console.log(words.join(" "));
      }
      return;
    }
    case "fail":
      return exitCode();
    case "fail_once":
      return (env.POLECAT_ATTEMPT ?? "1") === "1" ? exitCode() : undefined;
    case "stall":
      return stall();
    case "stall_once":
      return (env.POLECAT_RESTART ?? "0") === "0" ? stall() : undefined;
    case "noop":
      return;
    case "review":
      return review(rest);
    case "spawn_child": {
      const child = spawn(process.execPath, ["-e", `setTimeout(() => {}, ${Number(rest) * 1000})`], { stdio: "inherit" });
      child.unref(); // the agent may end first and leave it running, as a careless real agent would
      console.log(`child ${child.pid}`);
      return;
    }
    case "ignore_term":
      process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
      return;
  }
}

async function main() {
  const promptFile = env.POLECAT_PROMPT_FILE;
  if (!promptFile) die("POLECAT_PROMPT_FILE is not set");
  const lines = scriptLines(readFileSync(promptFile, "utf8"));
  if (lines === undefined) {
    const id = env.POLECAT_TASK_ID ?? "task";
    writeFileSync(`polecat-${id}.txt`, `${id}: done by the scripted agent\n`);
    commit(`${id}: scripted change`);
    return 0;
  }
  const steps = lines.flatMap((l, i) => (l.trim() === "" || l.trim().startsWith("#") ? [] : [parseStep(l, i + 1)]));
  for (const step of steps) {
    const code = guardsHold(step.guards) ? await run(step) : undefined;
    if (code !== undefined) return code;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (e) {
  if (!(e instanceof ScriptError)) throw e;
  process.stderr.write(`scripted-agent: ${e.message}\n`);
  process.exitCode = 2;
}
