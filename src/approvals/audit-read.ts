// Reading the audit log back (`safeshell log` without a daemon): the decisions among its last lines.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DecisionEvent } from './types.js';

export function readAuditTail(file: string, limit: number, maxBytes = 4 * 1024 * 1024): DecisionEvent[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    if (len < size) lines.shift(); // a partial first line
    const out: DecisionEvent[] = [];
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      try {
        const rec = JSON.parse(lines[i]!) as DecisionEvent & { kind?: string };
        if (rec.kind === 'decision') out.push(rec);
      } catch {
        // a torn or foreign line
      }
    }
    return out.reverse();
  } finally {
    closeSync(fd);
  }
}
