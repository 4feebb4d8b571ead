// The zsh completion script.
import { brief, ids, nodes, PASSED, quote, TASK_IDS_COMMAND, valueFlags, type CompletionCommand } from "./tree.js";

function zshEntry(name: string, description: string): string {
  return quote(`${name.replaceAll(":", "\\:")}:${brief(description)}`);
}

/** The zsh script: `_describe` menus with descriptions, registered with compdef or autoloaded from $fpath. */
export function zsh(root: CompletionCommand): string {
  const fn = `_${root.name}`;
  const cases = nodes(root).map((n) => {
    const cmds = [...n.cmd.commands.map((c) => zshEntry(c.name, c.description)), ...(n.cmd.choices ?? []).map((v) => zshEntry(v, ""))];
    const opts = n.options.flatMap((o) => o.flags.map((f) => zshEntry(f, o.description)));
    return `    (${quote(n.path)}) cmds=(${cmds.join(" ")}); opts=(${opts.join(" ")}); vals=(${valueFlags(n).join(" ")}); ids=${ids(n)} ;;`;
  });
  return `#compdef ${root.name}
# ${root.name} completion for zsh: source <(${root.name} completion zsh), or save as _${root.name} in your $fpath
${fn}_node() {
  case "$1" in
${cases.join("\n")}
    (*) cmds=(); opts=(); vals=(); ids=0 ;;
  esac
}
${fn}() {
  local at=${quote(root.name)} skip=0 npos=0 ids=0 i w
  local -a cmds opts vals pass tasks
  ${fn}_node "$at"
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      (${PASSED.filter((f) => f.startsWith("--")).map((f) => `${f}=*`).join("|")}) pass+=("$w") ;;
      (-*=*) ;;
      (-*)
        if ((\${vals[(Ie)$w]})); then
          skip=1
          case "$w" in
            (${PASSED.join("|")}) pass+=("$w" "\${words[i + 1]/#\\~/$HOME}") ;;
          esac
        fi ;;
      (*) if ((\${cmds[(I)\${(b)w}:*]})); then at="$at $w"; ${fn}_node "$at"; npos=0; else ((npos++)); fi ;;
    esac
  done
  if ((skip)); then _files; return; fi
  if [[ "$PREFIX" == -* ]]; then
    _describe -t options option opts
  elif ((ids && npos == 0)); then
    tasks=(\${(f)"$(${root.name} ${TASK_IDS_COMMAND} "\${pass[@]}" 2>/dev/null)"})
    tasks=(\${tasks/$'\t'/:})
    _describe -t tasks task tasks
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

