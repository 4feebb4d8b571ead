// The refinery's leadership name: the merge queue and reverts of one project share it.

/** The name of a project's refinery leadership. */
export function refineryLockName(project: string): string {
  return `refinery-${project}`;
}
