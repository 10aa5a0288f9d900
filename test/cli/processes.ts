/** The processes of a process group, read from /proc: what a shutdown must leave behind (nothing). */
import { readdirSync, readFileSync } from 'node:fs';

/** Ids of the processes still running in a process group. */
export function groupMembers(group: number): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgid) === group && state !== 'Z' ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** Waits up to 20 s for a process group to empty; the ids still running then. */
export async function gone(group: number): Promise<number[]> {
  const deadline = Date.now() + 20_000;
  while (groupMembers(group).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return groupMembers(group);
}
