// Shell completion scripts written from the command tree (names, sub-commands, options), never a hand-kept list.

/** One option as completion needs it. */
export interface CompletionOption {
  /** Its spellings, e.g. `-p` and `--project`. */
  flags: string[];
  /** True when it takes a value (the next word is that value, completed as a file name). */
  value: boolean;
  description: string;
}

/** A command and what may follow it. */
export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  commands: CompletionCommand[];
  /** The values its first argument may take, when it names them (`completion`'s shells). */
  choices?: string[];
}

/** The shells `polecat completion` writes for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** One of SHELLS. */
export type Shell = (typeof SHELLS)[number];

/** A node of the tree with its path (`polecat task list`) and the options valid there (its own and the root's). */
interface Node {
  path: string;
  cmd: CompletionCommand;
  options: CompletionOption[];
}

function nodes(root: CompletionCommand): Node[] {
  const out: Node[] = [];
  const walk = (cmd: CompletionCommand, path: string): void => {
    const own = new Set(cmd.options.flatMap((o) => o.flags));
    const inherited = path === root.name ? [] : root.options.filter((o) => !o.flags.some((f) => own.has(f)));
    out.push({ path, cmd, options: [...cmd.options, ...inherited] });
    for (const sub of cmd.commands) walk(sub, `${path} ${sub.name}`);
  };
  walk(root, root.name);
  return out;
}

/** The first line of a description, short enough for a completion menu. */
function brief(text: string): string {
  const line = text.split("\n")[0]?.trim() ?? "";
  return line.length <= 72 ? line : `${line.slice(0, 71)}…`;
}

/** A string as one single-quoted shell word (bash, zsh and fish alike). */
function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function fishQuote(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

const flags = (n: Node): string[] => n.options.flatMap((o) => o.flags);
const valueFlags = (n: Node): string[] => n.options.filter((o) => o.value).flatMap((o) => o.flags);

function bash(root: CompletionCommand): string {
  const fn = `_${root.name}`;
  const cases = nodes(root).map(
    (n) =>
      `    ${quote(n.path)}) cmds=${quote(n.cmd.commands.map((c) => c.name).join(" "))}; args=${quote((n.cmd.choices ?? []).join(" "))}; opts=${quote(flags(n).join(" "))}; vals=${quote(` ${valueFlags(n).join(" ")} `)} ;;`,
  );
  return `# ${root.name} completion for bash: source <(${root.name} completion bash)
${fn}_node() {
  case "$1" in
${cases.join("\n")}
    *) cmds=""; args=""; opts=""; vals=" " ;;
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" at=${quote(root.name)} skip=0 i w cmds args opts vals
  ${fn}_node "$at"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ "$w" == "=" ]]; then skip=1; continue; fi
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      -*=*) ;;
      -*) [[ "$vals" == *" $w "* ]] && skip=1 ;;
      *) if [[ " $cmds " == *" $w "* ]]; then at="$at $w"; ${fn}_node "$at"; fi ;;
    esac
  done
  COMPREPLY=()
  if ((skip)) || [[ "$cur" == "=" ]]; then return 0; fi
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$cmds $args" -- "$cur")
  fi
}
complete -o default -F ${fn} ${root.name}
`;
}

function zshEntry(name: string, description: string): string {
  return quote(`${name.replaceAll(":", "\\:")}:${brief(description)}`);
}

function zsh(root: CompletionCommand): string {
  const fn = `_${root.name}`;
  const cases = nodes(root).map((n) => {
    const cmds = [...n.cmd.commands.map((c) => zshEntry(c.name, c.description)), ...(n.cmd.choices ?? []).map((v) => zshEntry(v, ""))];
    const opts = n.options.flatMap((o) => o.flags.map((f) => zshEntry(f, o.description)));
    return `    (${quote(n.path)}) cmds=(${cmds.join(" ")}); opts=(${opts.join(" ")}); vals=(${valueFlags(n).join(" ")}) ;;`;
  });
  return `#compdef ${root.name}
# ${root.name} completion for zsh: source <(${root.name} completion zsh), or save as _${root.name} in your $fpath
${fn}_node() {
  case "$1" in
${cases.join("\n")}
    (*) cmds=(); opts=(); vals=() ;;
  esac
}
${fn}() {
  local at=${quote(root.name)} skip=0 i w
  local -a cmds opts vals
  ${fn}_node "$at"
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      (-*=*) ;;
      (-*) if ((\${vals[(Ie)$w]})); then skip=1; fi ;;
      (*) if ((\${cmds[(I)\${(b)w}:*]})); then at="$at $w"; ${fn}_node "$at"; fi ;;
    esac
  done
  if ((skip)); then _files; return; fi
  if [[ "$PREFIX" == -* ]]; then
    _describe -t options option opts
  else
    _describe -t commands command cmds || _files
  fi
}
if [[ "\${funcstack[1]}" == ${fn} ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${root.name}
fi
`;
}

function fish(root: CompletionCommand): string {
  const fn = `__${root.name}_at`;
  const all = nodes(root);
  const table = (pick: (n: Node) => string[]): string =>
    all.map((n) => `        case ${fishQuote(n.path)}\n            printf '%s\\n' ${pick(n).map(fishQuote).join(" ")}`).join("\n");
  const lines = [
    `# ${root.name} completion for fish: ${root.name} completion fish > ~/.config/fish/completions/${root.name}.fish`,
    `function ${fn}_cmds`,
    `    switch $argv[1]`,
    table((n) => n.cmd.commands.map((c) => c.name)),
    `    end`,
    `end`,
    `function ${fn}_vals`,
    `    switch $argv[1]`,
    table(valueFlags),
    `    end`,
    `end`,
    `function ${fn}`,
    `    set -l at ${fishQuote(root.name)}`,
    `    set -l skip 0`,
    `    for w in (commandline -opc)[2..-1]`,
    `        if test $skip = 1`,
    `            set skip 0`,
    `            continue`,
    `        end`,
    `        switch $w`,
    `            case '-*=*'`,
    `            case '-*'`,
    `                if contains -- $w (${fn}_vals $at)`,
    `                    set skip 1`,
    `                end`,
    `            case '*'`,
    `                if contains -- $w (${fn}_cmds $at)`,
    `                    set at "$at $w"`,
    `                end`,
    `        end`,
    `    end`,
    `    echo $at`,
    `end`,
    `complete -c ${root.name} -f`,
  ];
  for (const n of all) {
    const when = `-n ${fishQuote(`test (${fn}) = ${fishQuote(n.path)}`)}`;
    for (const c of n.cmd.commands) lines.push(`complete -c ${root.name} ${when} -a ${fishQuote(c.name)} -d ${fishQuote(brief(c.description))}`);
    if (n.cmd.choices !== undefined) lines.push(`complete -c ${root.name} ${when} -a ${fishQuote(n.cmd.choices.join(" "))}`);
    for (const o of n.options) {
      const spell = o.flags.map((f) => (f.startsWith("--") ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(" ");
      lines.push(`complete -c ${root.name} ${when} ${spell}${o.value ? " -r -F" : ""} -d ${fishQuote(brief(o.description))}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell`, from the program's command tree. */
export function completionScript(shell: Shell, root: CompletionCommand): string {
  switch (shell) {
    case "bash":
      return bash(root);
    case "zsh":
      return zsh(root);
    case "fish":
      return fish(root);
  }
}
