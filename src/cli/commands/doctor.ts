// `polecat doctor`: can this machine run the spec's swarm? Agent CLIs, their argv and credentials, git, origin, store, Node.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { polecatDir } from "../../adapters/install-dir.js";
import { storeLocation } from "../../adapters/open-store.js";
import { doctorExitCode, formatCheck, planDoctor } from "../../core/doctor.js";
import { parseDuration } from "../../core/duration.js";
import { ExitCode, PolecatError } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import { PROBE_TIMEOUT_MS, runDoctor } from "../../runtime/doctor/index.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { NODE_ENGINES } from "../version.js";
import { println } from "../world.js";

/** Registers `polecat doctor`. */
export const registerDoctor: RegisterCommand = (program, world) => {
  program
    .command("doctor")
    .description("check that the spec's worker types can run here (binary, version, argv, credentials), git identity, origin, store and Node: one line per check, exit 2 on a problem")
    .option("--plan", "print the checks without running any (with --json: as data)")
    .option("--timeout <duration>", "longest one probe may take: a CLI's --version or --help, git ls-remote of the origin (default 30s)")
    .action(async (opts: { plan?: boolean; timeout?: string }, cmd: Command) => {
      const probeTimeoutMs = opts.timeout === undefined ? PROBE_TIMEOUT_MS : parseDuration(opts.timeout);
      if (probeTimeoutMs === undefined || probeTimeoutMs < 100) throw new PolecatError("E_USAGE", `--timeout "${opts.timeout ?? ""}" is not a duration of at least 100ms (e.g. 10s)`);
      const loaded = await loadSpecOrExit(cmd, world);
      const home = resolveHome(world, globalOptions(cmd));
      const places = { cwd: world.cwd, registryDir: dirname(loaded.registryPath), polecatDir: polecatDir() };
      const plan = planDoctor(loaded, places, storeLocation({ spec: loaded.spec, env: world.env }), NODE_ENGINES);
      const json = globalOptions(cmd).json === true;
      if (opts.plan === true) {
        if (json) return println(world.stdout, JSON.stringify({ checks: plan }, null, 2));
        for (const c of plan) println(world.stdout, `${c.name}${"probe" in c ? `: ${c.probe.join(" ")}` : ""}`);
        return;
      }
      const mirror = homeLayout(home).mirror(loaded.spec.project);
      const results = await runDoctor(plan, { cwd: world.cwd, env: world.env, home, nodeVersion: process.versions.node, gitDir: existsSync(mirror) ? mirror : world.cwd, probeTimeoutMs });
      const code = doctorExitCode(results);
      if (json) println(world.stdout, JSON.stringify({ ok: code === 0, checks: results }, null, 2));
      else {
        for (const r of results) println(world.stdout, formatCheck(r));
        const failed = results.filter((r) => r.status === "fail").length;
        const warned = results.filter((r) => r.status === "warn").length;
        println(world.stdout, failed === 0 ? `doctor: ready${warned === 0 ? "" : ` (${warned} warning${warned === 1 ? "" : "s"})`}` : `doctor: ${failed} problem${failed === 1 ? "" : "s"} to fix`);
      }
      if (code !== 0) throw new ExitCode(code);
    });
};
