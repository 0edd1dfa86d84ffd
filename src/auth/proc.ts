// Reading other processes through /proc (proc(5)): parent, session, controlling terminal, start time, environment
// and command line. Every reader returns null for a process that is gone or unreadable; callers decide what that means.
import { readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  /** The executable's name as the kernel keeps it (15 bytes at most). */
  comm: string;
  state: string;
  ppid: number;
  /** Session id (the session leader's pid). */
  sid: number;
  /** Controlling terminal (device number); 0 when the process has none. */
  ttyNr: number;
  /** Clock ticks after boot: with the pid, identifies a process across pid reuse. */
  startTime: number;
}

/** /proc/<pid>/stat; comm may hold spaces and parentheses, so fields are counted from the last ')'. */
export function readStat(pid: number, root = '/proc'): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`${root}/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); ppid is field 4, session 6, tty_nr 7, starttime 22.
  const num = (field: number): number => Number(rest[field - 3]);
  const stat: ProcStat = { pid, comm: text.slice(open + 1, close), state: rest[0] ?? '?', ppid: num(4), sid: num(6), ttyNr: num(7), startTime: num(22) };
  return Number.isInteger(stat.ppid) ? stat : null;
}

/** The environment a process was started with (/proc/<pid>/environ): later setenv() calls inside it are not seen. */
export function readEnviron(pid: number, root = '/proc'): Map<string, string> | null {
  let raw: Buffer;
  try {
    raw = readFileSync(`${root}/${pid}/environ`);
  } catch {
    return null;
  }
  const env = new Map<string, string>();
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== 0) continue;
    if (i > start) {
      const entry = raw.toString('utf8', start, i);
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    start = i + 1;
  }
  return env;
}

/** argv of a process (/proc/<pid>/cmdline), or null. */
export function readCmdline(pid: number, root = '/proc'): string[] | null {
  try {
    const raw = readFileSync(`${root}/${pid}/cmdline`, 'utf8');
    const parts = raw.split('\0');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  } catch {
    return null;
  }
}

/** The chain pid, parent, grandparent, … up to (not including) pid 0; at most `limit` entries. */
export function ancestry(pid: number, limit = 64, root = '/proc'): ProcStat[] {
  const chain: ProcStat[] = [];
  const seen = new Set<number>();
  for (let p = pid; p > 0 && chain.length < limit && !seen.has(p); ) {
    seen.add(p);
    const st = readStat(p, root);
    if (!st) break;
    chain.push(st);
    p = st.ppid;
  }
  return chain;
}
