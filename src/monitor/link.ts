// The monitor's subscription: one connection that receives a snapshot and then every event, reconnecting (with a
// short backoff) whenever the daemon goes away, so a daemon restart costs a blink, never the monitor.
import net from 'node:net';
import type { MonitorMessage, Snapshot } from '../approvals/types.js';

export interface LinkHandlers {
  snapshot(s: Snapshot): void;
  message(m: MonitorMessage): void;
  down(detail: string): void;
}

const MAX_LINE = 8 * 1024 * 1024;

export class MonitorLink {
  private socket: net.Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private backoff = 100;

  constructor(
    private readonly path: string,
    private readonly on: LinkHandlers,
    private readonly recent = 1000,
  ) {}

  start(): void {
    this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.destroy();
  }

  private connect(): void {
    if (this.closed) return;
    const socket = net.createConnection(this.path);
    this.socket = socket;
    let buf = '';
    let greeted = false;
    let reported = false;
    const down = (detail: string): void => {
      if (reported) return;
      reported = true;
      socket.destroy();
      if (this.closed) return;
      this.on.down(detail);
      this.timer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 2000);
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ v: 1, type: 'subscribe', client: 'monitor', recent: this.recent })}\n`));
    socket.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line) continue;
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return down('garbled line from the daemon');
        }
        if (!greeted) {
          greeted = true;
          if (msg.ok !== true || typeof msg.snapshot !== 'object') return down(`subscribe refused: ${String(msg.error ?? msg.code ?? 'no snapshot')}`);
          this.backoff = 100;
          this.on.snapshot(msg.snapshot as Snapshot);
        } else {
          this.on.message(msg as unknown as MonitorMessage);
        }
      }
      if (buf.length > MAX_LINE) down('line too long');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => down(err.code === 'ENOENT' ? 'no daemon socket' : err.code === 'ECONNREFUSED' ? 'daemon not running' : err.message));
    socket.on('close', () => down('connection closed'));
  }
}
