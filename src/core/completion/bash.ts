// The bash completion script.
import { flags, nodes, PASSED, quote, TASK_IDS_COMMAND, valueFlags, ids, type CompletionCommand } from "./tree.js";

/** The bash script: `complete -F`, walking COMP_WORDS through the tree. */
export function bash(root: CompletionCommand): string {
  const fn = `_${root.name}`;
  const cases = nodes(root).map(
    (n) =>
      `    ${quote(n.path)}) cmds=${quote(n.cmd.commands.map((c) => c.name).join(" "))}; args=${quote((n.cmd.choices ?? []).join(" "))}; opts=${quote(flags(n).join(" "))}; vals=${quote(` ${valueFlags(n).join(" ")} `)}; ids=${ids(n)} ;;`,
  );
  return `# ${root.name} completion for bash: source <(${root.name} completion bash)
${fn}_node() {
  case "$1" in
${cases.join("\n")}
    *) cmds=""; args=""; opts=""; vals=" "; ids=0 ;;
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" at=${quote(root.name)} skip=0 npos=0 i w v cmds args opts vals ids
  local -a pass=()
  ${fn}_node "$at"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ "$w" == "=" ]]; then skip=1; continue; fi
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      -*=*) ;;
      -*)
        if [[ "$vals" == *" $w "* ]]; then
          skip=1
          case "$w" in
            ${PASSED.join("|")})
              v="\${COMP_WORDS[i + 1]}"
              [[ "$v" == "=" ]] && v="\${COMP_WORDS[i + 2]}"
              pass+=("$w" "\${v/#\\~/$HOME}") ;;
          esac
        fi ;;
      *) if [[ " $cmds " == *" $w "* ]]; then at="$at $w"; ${fn}_node "$at"; npos=0; else npos=$((npos + 1)); fi ;;
    esac
  done
  COMPREPLY=()
  if ((skip)) || [[ "$cur" == "=" ]]; then return 0; fi
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
  elif ((ids && npos == 0)); then
    mapfile -t COMPREPLY < <(compgen -W "$(${root.name} ${TASK_IDS_COMMAND} "\${pass[@]}" 2>/dev/null | cut -f1)" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$cmds $args" -- "$cur")
  fi
}
complete -o default -F ${fn} ${root.name}
`;
}

