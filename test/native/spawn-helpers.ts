// Shared by the spawn tests: output collection and /proc inspection (waits: test/helpers/wait-for.ts).
import { readdirSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** Everything a stream produces, as one growing string. */
export function collect(stream: Readable | null): { text: () => string } {
  let text = '';
  stream?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { text: () => text };
}

export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

export function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** Fields of /proc/<pid>/stat after the command name: state, ppid, pgrp, session, tty_nr, ... */
export function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Our children that are zombies (exited, never reaped). */
export function zombieChildren(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (stat && stat[0] === 'Z' && Number(stat[1]) === process.pid) out.push(Number(name));
  }
  return out;
}
