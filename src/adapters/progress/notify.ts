// Desktop alerts: a slot that gives up is worth interrupting someone for, where `notify-send` exists.
import { execa } from "execa";

/** Shows a critical desktop notification; a machine without notify-send (or a display) stays silent. */
export async function desktopAlert(message: string, env: Record<string, string | undefined>): Promise<void> {
  await execa("notify-send", ["--urgency=critical", "--app-name=polecat", "polecat swarm", message], {
    env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: 5_000,
  });
}
