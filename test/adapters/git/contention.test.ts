// Which git failures are lost races with another git process (run again) and which are real (reported).
import { describe, expect, it } from "vitest";
import { lostLockRace } from "../../../src/adapters/git/contention.js";

const failed = (stderr: string) => ({ exitCode: 128, stdout: "", stderr });

describe("lostLockRace", () => {
  it.each([
    "fatal: cannot lock ref 'refs/heads/polecat/t1': is at 1a2b3c but expected 4d5e6f",
    "fatal: Unable to create '/h/mirrors/p.git/index.lock': File exists.",
    "error: could not lock config file config: File exists",
    "fatal: bad object worktrees/t3/HEAD",
    "fatal: failed to read worktrees/readme@1/commondir: Success",
    "fatal: failed to read worktrees/t14/gitdir: Success",
  ])("takes %j as a lost race", (stderr) => {
    expect(lostLockRace(failed(stderr))).toBe(true);
  });

  it.each([
    "fatal: 'origin' does not appear to be a git repository",
    "fatal: invalid reference: refs/remotes/origin/nope",
    "fatal: '/w/t1' already exists",
  ])("takes %j as a real failure", (stderr) => {
    expect(lostLockRace(failed(stderr))).toBe(false);
  });

  it("never takes a success as a race", () => {
    expect(lostLockRace({ exitCode: 0, stdout: "", stderr: "warning: index.lock" })).toBe(false);
  });
});
