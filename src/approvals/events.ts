// Decisions and approval changes fan out to subscribed monitors and into a bounded ring (`safeshell log`,
// a monitor's first screen). Publishing never waits for a monitor: a subscriber whose socket backs up is dropped
// (it reconnects and gets a fresh snapshot), so a slow monitor cannot slow any command (original.md §11).
import type { DecisionEvent, MonitorMessage } from './types.js';

export type Sink = (line: string) => boolean;

export interface EventHubOptions {
  /** Decisions kept for `log` and snapshots. */
  ringSize?: number;
  /** Called with every message (the audit log). */
  record?: (msg: MonitorMessage) => void;
}

export class EventHub {
  private readonly ring: Array<DecisionEvent | undefined>;
  private head = 0;
  private count = 0;
  private seq = 0;
  private readonly sinks = new Set<Sink>();
  private readonly record: ((msg: MonitorMessage) => void) | undefined;

  constructor(opts: EventHubOptions = {}) {
    this.ring = new Array<DecisionEvent | undefined>(opts.ringSize ?? 2000);
    this.record = opts.record;
  }

  /** HOT PATH (bench/shim-overhead.js): < 0.5 µs, one decision per request; JSON only for listeners and the audit log. */
  decision(event: Omit<DecisionEvent, 'seq'>): DecisionEvent {
    const e = event as DecisionEvent;
    e.seq = ++this.seq;
    this.ring[this.head] = e;
    this.head = (this.head + 1) % this.ring.length;
    if (this.count < this.ring.length) this.count++;
    this.publish({ kind: 'decision', event: e });
    return e;
  }

  publish(msg: MonitorMessage): void {
    this.record?.(msg);
    if (this.sinks.size === 0) return;
    const line = `${JSON.stringify(msg)}\n`;
    for (const sink of this.sinks) if (!sink(line)) this.sinks.delete(sink);
  }

  /** The newest `limit` decisions, oldest first. */
  recent(limit = this.ring.length): DecisionEvent[] {
    const n = Math.min(limit, this.count);
    const out: DecisionEvent[] = [];
    for (let i = n; i > 0; i--) {
      const e = this.ring[(this.head - i + this.ring.length) % this.ring.length];
      if (e) out.push(e);
    }
    return out;
  }

  /** Adds a subscriber; returns the unsubscribe function. A sink returning false is dropped. */
  subscribe(sink: Sink): () => void {
    this.sinks.add(sink);
    return () => void this.sinks.delete(sink);
  }

  get subscribers(): number {
    return this.sinks.size;
  }
}
