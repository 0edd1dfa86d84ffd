// The audit log, <home>/log/audit.jsonl: one JSON line per decision, answer, refusal and protection switch.
// Messages are queued as they are (a push on the request path) and turned into lines and written together after
// the answers have gone out (setImmediate); the file rotates to audit.jsonl.1 past ROTATE_BYTES.
import { closeSync, mkdirSync, openSync, renameSync, statSync, write } from 'node:fs';
import { dirname } from 'node:path';
import type { MonitorMessage } from './types.js';

const ROTATE_BYTES = 10 * 1024 * 1024;
const MAX_QUEUE = 10_000;
// Lines are batched for this long: one write per batch instead of one per request (it was ~20 % of the daemon's CPU
// under load). A crash loses at most this much of the log; SIGTERM drains it.
const FLUSH_DELAY_MS = 50;

export class AuditLog {
  private fd: number | undefined;
  private size = 0;
  private queue: Array<{ at: number; msg: MonitorMessage }> = [];
  private writing = false;
  private scheduled = false;
  private dropped = 0;

  constructor(
    private readonly file: string,
    private readonly onError: (msg: string) => void = () => {},
  ) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.open();
  }

  /** Queues one message (approval notices are skipped: their decision events say the same). */
  record(msg: MonitorMessage): void {
    if (msg.kind === 'approval') return;
    if (this.queue.length >= MAX_QUEUE) {
      this.dropped++;
      return;
    }
    this.queue.push({ at: Date.now(), msg });
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), FLUSH_DELAY_MS).unref();
    }
  }

  /** Resolves once everything queued so far is written. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.writing) await new Promise((r) => setTimeout(r, 5));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    try {
      this.size = statSync(this.file).size;
    } catch {
      this.size = 0;
    }
    this.fd = openSync(this.file, 'a', 0o600);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.writing || this.queue.length === 0 || this.fd === undefined) return;
    let data = '';
    for (const { at, msg } of this.queue) {
      const body = msg.kind === 'decision' ? msg.event : msg;
      data += `${JSON.stringify({ time: new Date(at).toISOString(), kind: msg.kind, ...body })}\n`;
    }
    this.queue = [];
    if (this.dropped > 0) {
      data += `${JSON.stringify({ time: new Date().toISOString(), kind: 'dropped', count: this.dropped })}\n`;
      this.dropped = 0;
    }
    this.writing = true;
    write(this.fd, data, (err) => {
      this.writing = false;
      if (err) this.onError(`audit log: ${err.message}`);
      this.size += Buffer.byteLength(data);
      if (this.size > ROTATE_BYTES) this.rotate();
      if (this.queue.length > 0) this.flush();
    });
  }

  private rotate(): void {
    try {
      this.close();
      renameSync(this.file, `${this.file}.1`);
      this.open();
    } catch (err) {
      this.onError(`audit log rotation: ${(err as Error).message}`);
      if (this.fd === undefined) this.open();
    }
  }
}
