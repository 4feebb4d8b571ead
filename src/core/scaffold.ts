// The files `polecat new` writes: a commented polecat.yaml and a plain workers.yaml that validate and plan
// as they are, with the editor modeline pointing at polecat's schemas. Pure text from a few facts.

/** What the scaffold is made from. */
export interface ScaffoldInput {
  /** Project id (already follows the id rules). */
  project: string;
  /** The spec's `repo:`: the origin's URL, or `.` when the repository has no origin. */
  repo: string;
  base: string;
  /** Paths (relative to the new files, or absolute) of schemas/swarm-spec.schema.json and schemas/workers.schema.json. */
  specSchema: string;
  workersSchema: string;
}

/** A file to write, relative to the repository root. */
export interface ScaffoldFile {
  path: string;
  text: string;
}

/** The file names `polecat new` uses. */
export const SCAFFOLD_SPEC = "polecat.yaml";
export const SCAFFOLD_WORKERS = "workers.yaml";

/** Turns a directory name into a project id: lowercase, runs of other characters become `-`, at most 64. */
export function projectIdFrom(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return id === "" ? "project" : id;
}

/** The two files, in the order they are written. */
export function scaffold(input: ScaffoldInput): ScaffoldFile[] {
  return [
    { path: SCAFFOLD_SPEC, text: specText(input) },
    { path: SCAFFOLD_WORKERS, text: workersText(input) },
  ];
}

function specText(i: ScaffoldInput): string {
  return `# yaml-language-server: $schema=${i.specSchema}
#
# polecat.yaml: what a swarm of coding agents does in this repository. Check it, then run it:
#   polecat validate && polecat plan      # every problem at once; waves, workers and routing rules
#   polecat init && polecat apply         # a mirror of the origin under ~/.polecat; tasks into the store
#   polecat swarm -w scripted=2           # agents in their own worktrees; the merge queue moves ${i.base}
#   polecat summary && polecat report --html run.html
version: 1
project: ${i.project}
# The origin the swarm fetches from and pushes to (a URL, or a path relative to this file).
repo: ${yamlScalar(i.repo)}
# Tasks start from origin/${i.base}; the refinery merges into it.
base: ${yamlScalar(i.base)}
# The worker registry: which agents exist, how tasks are routed to them, how a swarm is sized.
workers: ${SCAFFOLD_WORKERS}

# The merge queue in front of ${i.base}: a candidate merges only when this command passes on it.
refinery:
  # validate: [npm, test]
  strategy: batch
  batch_size: 4

# Prepare every new worktree before its agent starts, e.g. install dependencies.
# worktree:
#   setup: [[npm, ci]]

limits:
  max_attempts: 3
  lease: 5m

# The work, as a dependency graph. These two run the scripted agent that ships with polecat (no AI, no
# API key): each writes polecat-<task id>.txt and commits it. Replace them with your own tasks, and drop
# \`worker: scripted\` to let workers.yaml route them to claude, gemini or codex.
tasks:
  - id: hello
    title: Add a first file through the swarm
    description: The scripted agent writes polecat-hello.txt and commits it.
    worker: scripted
    effort: 5m
  - id: hello-again
    title: Add a second file once the first has merged
    depends_on: [hello]
    worker: scripted
    effort: 5m
`;
}

function workersText(i: ScaffoldInput): string {
  return `# yaml-language-server: $schema=${i.workersSchema}
#
# workers.yaml: the worker types polecat can run here. Each command is an argv array (never a shell
# string); {prompt}, {task.id}, {worktree}, ... are filled inside single arguments. {polecat_dir} is where
# polecat is installed, so the scripted agent is found wherever this file lives.
workers:
  claude:
    command: ["claude", "-p", "{prompt}", "--dangerously-skip-permissions"]
    capabilities: [code, tests, docs, refactor, review]
    cost: 4
    speed: 3
    max_concurrent: 3
    env_pass: [ANTHROPIC_API_KEY]
    timeout: 1h
  gemini:
    command: ["gemini", "-p", "{prompt}", "--yolo"]
    capabilities: [code, tests, docs]
    cost: 2
    speed: 4
    max_concurrent: 3
    fallback: claude
    env_pass: [GEMINI_API_KEY, GOOGLE_API_KEY]
    timeout: 45m
  codex:
    command: ["codex", "exec", "--full-auto", "{prompt}"]
    capabilities: [code, tests]
    cost: 3
    speed: 3
    max_concurrent: 2
    env_pass: [OPENAI_API_KEY]
    timeout: 45m
  # polecat's stand-in agent: follows a polecat-script block in the task description (see
  # {polecat_dir}/agents/scripted-agent.mjs); without one it writes polecat-<task id>.txt and commits it.
  scripted:
    command: ["node", "{polecat_dir}/agents/scripted-agent.mjs"]
    capabilities: [code, tests, docs, review]
    cost: 1
    speed: 5
    max_concurrent: 4
    timeout: 5m
    stall_timeout: 1m

# First matching rule wins: the task's worker pin, complexity, tags, heuristics, then the default.
routing:
  default: claude
  complexity:
    mechanical: gemini
    chore: codex
  tags:
    bulk: { tags: [docs, formatting], worker: gemini }

# How many agents \`polecat swarm --auto\` starts for a ready queue of a given size.
sizing:
  max_total: 4
  tiers:
    - { ready_at_most: 2, total: 1 }
    - { ready_at_most: 6, total: 3 }
`;
}

/** A YAML plain scalar when that reads back as the same string, else a double-quoted one. */
function yamlScalar(s: string): string {
  return /^[A-Za-z0-9_./@~+-][A-Za-z0-9_./@:~+-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/^[-+]?[0-9.]+$/.test(s) ? s : JSON.stringify(s);
}
