/** Whether a process runs on this machine: what makes a lock or a temporary file stale. */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    // Signal 0 checks the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
