// CPU affinity for `swarm --pin-cpus`: each slot's agent pinned to one core with `taskset`, round-robin, where taskset exists.
import { execa } from "execa";

/** Parses a Linux CPU list (`0-3,8,10-11`) into CPU numbers; an unreadable list gives []. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return [];
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let c = from; c <= to; c++) cpus.push(c);
  }
  return cpus;
}

/**
 * The CPUs this process may run on, as `taskset -pc` reports them (a container may allow only some);
 * undefined when taskset is missing or says nothing usable, and then agents run unpinned.
 */
export async function detectCpus(env: Record<string, string | undefined>): Promise<number[] | undefined> {
  const r = await execa("taskset", ["-pc", String(process.pid)], { reject: false, env, extendEnv: false });
  if (r.exitCode !== 0) return undefined;
  const list = parseCpuList(r.stdout.slice(r.stdout.lastIndexOf(":") + 1));
  return list.length > 0 ? list : undefined;
}

/** The core a slot's agent is pinned to: slots take the allowed CPUs round-robin. */
export function cpuForSlot(cpus: readonly number[], slot: number): number | undefined {
  return cpus.length === 0 ? undefined : cpus[slot % cpus.length];
}

/** The argv prefix that pins a command to one core. */
export function tasksetPrefix(cpu: number): string[] {
  return ["taskset", "-c", String(cpu)];
}
