// The fish completion script.
import { brief, fishQuote, nodes, PASSED, TASK_IDS_COMMAND, valueFlags, type CompletionCommand, type Node } from "./tree.js";

/** The fish script: `complete -c` lines conditioned on the command path typed so far. */
export function fish(root: CompletionCommand): string {
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
    `# The command path typed so far; --npos: words after it that are not options; --pass: the options ${TASK_IDS_COMMAND} needs`,
    `function ${fn}`,
    `    set -l at ${fishQuote(root.name)}`,
    `    set -l skip 0`,
    `    set -l npos 0`,
    `    set -l pass`,
    `    set -l toks (commandline -opc)[2..-1]`,
    `    for i in (seq (count $toks))`,
    `        set -l w $toks[$i]`,
    `        if test $skip = 1`,
    `            set skip 0`,
    `            continue`,
    `        end`,
    `        switch $w`,
    `            case ${PASSED.filter((f) => f.startsWith("--")).map((f) => fishQuote(`${f}=*`)).join(" ")}`,
    `                set -a pass $w`,
    `            case '-*=*'`,
    `            case '-*'`,
    `                if contains -- $w (${fn}_vals $at)`,
    `                    set skip 1`,
    `                    if contains -- $w ${PASSED.join(" ")}; and test $i -lt (count $toks)`,
    `                        set -a pass $w (string replace -r '^~' $HOME -- $toks[(math $i + 1)])`,
    `                    end`,
    `                end`,
    `            case '*'`,
    `                if contains -- $w (${fn}_cmds $at)`,
    `                    set at "$at $w"`,
    `                    set npos 0`,
    `                else`,
    `                    set npos (math $npos + 1)`,
    `                end`,
    `        end`,
    `    end`,
    `    switch "$argv[1]"`,
    `        case --npos`,
    `            echo $npos`,
    `        case --pass`,
    `            test (count $pass) -gt 0; and printf '%s\\n' $pass`,
    `        case '*'`,
    `            echo $at`,
    `    end`,
    `end`,
    `function __${root.name}_tasks`,
    `    ${root.name} ${TASK_IDS_COMMAND} (${fn} --pass) 2>/dev/null`,
    `end`,
    `complete -c ${root.name} -f`,
  ];
  for (const n of all) {
    const when = `-n ${fishQuote(`test (${fn}) = ${fishQuote(n.path)}`)}`;
    for (const c of n.cmd.commands) lines.push(`complete -c ${root.name} ${when} -a ${fishQuote(c.name)} -d ${fishQuote(brief(c.description))}`);
    if (n.cmd.choices !== undefined) lines.push(`complete -c ${root.name} ${when} -a ${fishQuote(n.cmd.choices.join(" "))}`);
    if (n.cmd.taskIds === true) {
      const first = `-n ${fishQuote(`test (${fn}) = ${fishQuote(n.path)}; and test (${fn} --npos) = 0`)}`;
      lines.push(`complete -c ${root.name} ${first} -a ${fishQuote(`(__${root.name}_tasks)`)}`);
    }
    for (const o of n.options) {
      const spell = o.flags.map((f) => (f.startsWith("--") ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(" ");
      lines.push(`complete -c ${root.name} ${when} ${spell}${o.value ? " -r -F" : ""} -d ${fishQuote(brief(o.description))}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

