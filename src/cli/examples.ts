// The examples every command's help ends with, and the global options and environment the top-level help lists.
import type { Command } from "commander";

/** An example: what it does, then the command line. */
type Example = readonly [what: string, line: string];

/** Examples by command path (`task list`); a test holds every command to having some, each naming real options. */
export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  new: [
    ["scaffold polecat.yaml and workers.yaml in this repository", "polecat new"],
    ["see what would be written, for another project id", "polecat new --project shop --dry-run"],
  ],
  init: [["create the home, the mirror and the store", "polecat init"], ["use a home other than ~/.polecat", "polecat --home /srv/polecat init"]],
  sync: [["fetch the origin into the mirror", "polecat sync"]],
  validate: [["check the spec beside you", "polecat validate"], ["check another spec and registry", "polecat --spec ci/polecat.yaml --workers ci/workers.yaml validate"]],
  plan: [
    ["waves, routes and the suggested swarm", "polecat plan"],
    ["the DAG as a Mermaid chart", "polecat plan --format mermaid"],
  ],
  doctor: [
    ["check that this machine can run the spec's worker types", "polecat doctor"],
    ["as JSON, for a script", "polecat --json doctor"],
    ["list the checks without running any", "polecat doctor --plan"],
    ["give up on a slow origin or CLI after 10 seconds", "polecat doctor --timeout 10s"],
  ],
  workers: [["the worker registry as a table", "polecat workers"], ["as JSON", "polecat --json workers"]],
  apply: [["add the spec's tasks to the store", "polecat apply"], ["see the routes first, as one batch", "polecat apply --batch sprint-3 --dry-run"]],
  task: [["tasks in claim order", "polecat task list"], ["one task with its notes", "polecat task show api-auth"]],
  "task list": [["blocked tasks", "polecat task list --status blocked"], ["one batch's tasks as JSON", "polecat --json task list --batch sprint-3"]],
  "task show": [["spec, route, lease, runs and notes", "polecat task show api-auth"]],
  "task set": [["put a cancelled task back in the queue", 'polecat task set flaky-test --status active --reason "still wanted"']],
  "task retry": [["a blocked task back in the queue, its failed attempts and kickbacks counted from 0", 'polecat task retry flaky-test --note "fixed the fixture"']],
  "task add": [["add a task after another", 'polecat task add docs --title "Document the API" --depends-on api-orders --effort 30m']],
  "task claim": [["claim the best ready task for a worker type", "polecat task claim --worker claude --lease 10m"]],
  "task release": [["give a lease back as a failed attempt", 'polecat task release api-auth --reason "tests failed" --failed']],
  run: [["one worker on the next ready task", "polecat run"], ["one given task, by a given worker type", "polecat run -t api-auth --worker claude"]],
  swarm: [
    ["three slots until the DAG is done, merging as they finish", "polecat swarm -w claude=2 -w codex=1"],
    ["size the swarm from the registry, showing the plan only", "polecat swarm --auto --dry-run"],
  ],
  "spawn-batch": [["a spec file's tasks as one batch, worked to the end", "polecat spawn-batch --spec-file sprint-3.yaml -w claude=2"]],
  worktree: [["task worktrees", "polecat worktree list"], ["prune finished and orphan worktrees", "polecat worktree prune"]],
  "worktree list": [["task worktrees with their state", "polecat worktree list"]],
  "worktree status": [["what an agent left in a task's worktree", "polecat worktree status api-auth"]],
  "worktree remove": [["remove a worktree and its branches", "polecat worktree remove api-auth --delete-remote"]],
  "worktree prune": [["prune finished and orphan worktrees", "polecat worktree prune"]],
  refinery: [
    ["merge what is merge-ready, then exit", "polecat refinery --once"],
    ["what it would review and merge", "polecat refinery --dry-run"],
  ],
  revert: [["revert a merged task and reopen it", 'polecat revert api-auth --reason "broke login on Safari"']],
  "reset-stalled": [["see work in progress for over 4 hours", "polecat reset-stalled --hours 4 --dry-run"]],
  janitor: [["what the janitor would do", "polecat janitor --dry-run"], ["do it", "polecat janitor"]],
  daemon: [["each schedule with its next five runs", "polecat daemon --list --next 5"], ["run the schedules", "polecat daemon"]],
  status: [
    ["what runs now", "polecat status"],
    ["redraw it every 5 seconds", "polecat status --watch --interval 5s"],
    ["the slots of every project, as JSON", "polecat --json status"],
  ],
  summary: [["the last day", "polecat summary --since 24h"]],
  analyze: [["why a task is where it is", "polecat analyze api-auth"]],
  logs: [["follow warnings and errors", "polecat logs -f --level warn"], ["one task's last hour", "polecat logs --task api-auth --since 1h"]],
  report: [["a page for the whole log", "polecat report --html run.html"], ["the last two hours", "polecat report --html today.html --since 2h"]],
  store: [["look for damage in the store", "polecat store check"], ["see what a repair would do", "polecat store repair --dry-run"]],
  "store check": [["look for damage in the store", "polecat store check"], ["as JSON", "polecat --json store check"]],
  "store repair": [["see what a repair would do", "polecat store repair --dry-run"], ["rebuild the store from its whole files", "polecat store repair"]],
  demo: [["polecat end to end with scripted agents", "polecat demo"], ["keep the scratch repositories to look at", "polecat demo --keep --dir /tmp/polecat-demo"]],
  completion: [["completion in every new bash", "echo 'source <(polecat completion bash)' >> ~/.bashrc"], ["fish", "polecat completion fish > ~/.config/fish/completions/polecat.fish"]],
  "__complete-tasks": [["what the completion scripts offer for a task argument (hidden from help)", "polecat --home /srv/polecat __complete-tasks -p shop"]],
};

/** What the top-level help ends with: the environment polecat reads and its exit codes. */
export const PROGRAM_HELP = `
Global options (--spec, --workers, --home, --json) go before or after the command.

Environment:
  POLECAT_HOME    the home when --home is not given (default ~/.polecat)
  FORCE_COLOR     colour even through a pipe (anything but 0/false)
  NO_COLOR        no colour (any non-empty value); TERM=dumb and CI too
  CI              plain progress lines instead of a redrawn display
  POLECAT_DEBUG   print the stack trace of an internal error

Exit codes: 0 ok, 1 work failed, 2 bad input or configuration, 3 nothing ready,
130 interrupted, 143 terminated.

Examples:
  # start on your own repository
  $ polecat new && polecat validate && polecat init && polecat apply
  # work the DAG with two slots, then look at the run
  $ polecat swarm -w claude=2 && polecat report --html run.html`;

/** The path of a command below the program (`task list`). */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The Examples section of a command's help, from EXAMPLES. */
export function examplesHelp(examples: readonly Example[]): string {
  return `\nExamples:\n${examples.map(([what, line]) => `  # ${what}\n  $ ${line}`).join("\n")}`;
}

/** Ends every command's help (sub-commands too) with its examples. */
export function addExamples(cmd: Command): void {
  for (const sub of cmd.commands) {
    const examples = EXAMPLES[commandPath(sub)];
    if (examples !== undefined) sub.addHelpText("after", examplesHelp(examples));
    addExamples(sub);
  }
}
