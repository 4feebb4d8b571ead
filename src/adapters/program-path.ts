// Finds the program a worker type runs the way the operating system will: on PATH, or at the path it names.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";

async function executable(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `program` would be found with this environment: a name is looked up in each PATH directory, in order;
 * a path (containing `/`) is taken as it is, relative to `cwd`. Undefined when it is not there or not executable.
 */
export async function findProgram(program: string, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<string | undefined> {
  if (program === "") return undefined;
  if (program.includes("/")) {
    const path = isAbsolute(program) ? program : resolve(cwd, program);
    return (await executable(path)) ? path : undefined;
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const path = join(dir, program);
    if (await executable(path)) return path;
  }
  return undefined;
}
