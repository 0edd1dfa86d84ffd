// Support for the execute tests: a raw exec.sock client that sends the request line and fds in one sendmsg (as
// src/client/execute.ts does), stdio files to pass as the caller's fds, and /proc lookups for process groups.
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type net from 'node:net';
import { sendFds } from '../../src/exec/fd-passing.js';
import type { Paths } from '../../src/paths.js';
import { connectRaw, type RawClient } from '../helpers/raw-client.js';
import { waitFor } from '../helpers/wait-for.js';

export const execSocket = (p: Paths): string => join(p.run, 'exec.sock');

export function fdOf(socket: net.Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('socket has no fd');
  return fd;
}

/** Connects to exec.sock and sends `body` as one line with `fds` attached to its first byte. */
export async function execRaw(p: Paths, body: Record<string, unknown>, fds: number[]): Promise<RawClient> {
  const c = await connectRaw(execSocket(p));
  const data = Buffer.from(`${JSON.stringify({ v: 1, type: 'execute', client: 'test', ...body })}\n`);
  const sent = sendFds(fdOf(c.socket), fds, data);
  if (sent < data.length) c.write(data.subarray(sent));
  return c;
}

/** Reads answer lines until the final one (not pending, not started); returns all of them. */
export async function finalLine(c: RawClient, timeoutMs = 10_000): Promise<{ final: Record<string, unknown>; lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  for (;;) {
    const line = await c.next(timeoutMs);
    lines.push(line);
    if (line.pending !== true && line.started !== true) return { final: line, lines };
  }
}

/** The caller's stdio as files: stdin holds `input`; stdout and stderr are read back after the command. */
export function stdioFiles(dir: string, name: string, input: Buffer | string = ''): { fds: number[]; close(): void; stdout(): Buffer; stderr(): string } {
  const inPath = join(dir, `${name}.in`);
  const outPath = join(dir, `${name}.out`);
  const errPath = join(dir, `${name}.err`);
  writeFileSync(inPath, input);
  const fds = [openSync(inPath, 'r'), openSync(outPath, 'w'), openSync(errPath, 'w')];
  let open = true;
  return {
    fds,
    close: () => {
      if (open) fds.forEach((fd) => closeSync(fd));
      open = false;
    },
    stdout: () => readFileSync(outPath),
    stderr: () => readFileSync(errPath, 'utf8'),
  };
}

/** Pids whose process group is `pgid` (from /proc/<pid>/stat), zombies excluded. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Waits until nothing is left in the group. */
export function groupGone(pgid: number, timeoutMs = 8000): Promise<true> {
  return waitFor(`process group ${pgid} to be empty`, () => groupMembers(pgid).length === 0 || null, timeoutMs);
}
