// The audit log, <home>/log/audit.jsonl: one JSON line per decision, answer and protection switch. Lines are
// queued and written together after the request has been answered (never I/O on the request path); the file
// rotates to audit.jsonl.1 past ROTATE_BYTES.
import { closeSync, mkdirSync, openSync, renameSync, statSync, write } from 'node:fs';
import { dirname } from 'node:path';
import type { MonitorMessage } from './types.js';

const ROTATE_BYTES = 10 * 1024 * 1024;
const MAX_QUEUE = 10_000;

export class AuditLog {
  private fd: number | undefined;
  private size = 0;
  private queue: string[] = [];
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
    const body = msg.kind === 'decision' ? msg.event : msg;
    this.queue.push(`${JSON.stringify({ time: new Date().toISOString(), kind: msg.kind, ...body })}\n`);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
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
    if (this.dropped > 0) {
      this.queue.push(`${JSON.stringify({ time: new Date().toISOString(), kind: 'dropped', count: this.dropped })}\n`);
      this.dropped = 0;
    }
    const data = this.queue.join('');
    this.queue = [];
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
