// The monitor's decision history: a ring of at most `capacity` events, and a filtered view that is recomputed
// only when the filter, the search or the contents change (so a frame never scans 10,000 events twice).
import type { DecisionEvent, Outcome } from '../approvals/types.js';
import { searchText } from './format.js';

export const FILTERS = ['all', 'attention', 'denied', 'approvals', 'allowed'] as const;
export type Filter = (typeof FILTERS)[number];

const FILTER_OUTCOMES: Record<Exclude<Filter, 'all'>, ReadonlySet<Outcome>> = {
  attention: new Set<Outcome>(['blocked', 'redirected', 'pending', 'approval_required', 'approved', 'denied', 'timed_out', 'cancelled', 'disabled']),
  denied: new Set<Outcome>(['blocked', 'denied', 'timed_out']),
  approvals: new Set<Outcome>(['pending', 'approval_required', 'approved', 'denied', 'timed_out', 'cancelled']),
  allowed: new Set<Outcome>(['allowed', 'approved', 'disabled']),
};

interface Entry {
  event: DecisionEvent;
  text: string;
}

export class History {
  private readonly ring: Array<Entry | undefined>;
  private start = 0;
  private length = 0;
  /** Bumped on every change; the view is rebuilt when it differs from viewVersion. */
  private version = 0;
  private viewVersion = -1;
  private viewKey = '';
  private view: DecisionEvent[] = [];
  filter: Filter = 'all';
  search = '';

  constructor(readonly capacity = 10_000) {
    this.ring = new Array<Entry | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  push(event: DecisionEvent): void {
    const entry = { event, text: searchText(event) };
    if (this.length < this.capacity) {
      this.ring[(this.start + this.length) % this.capacity] = entry;
      this.length++;
    } else {
      this.ring[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
    this.version++;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.start = 0;
    this.length = 0;
    this.version++;
  }

  /** The newest event, or undefined. */
  last(): DecisionEvent | undefined {
    return this.length === 0 ? undefined : this.ring[(this.start + this.length - 1) % this.capacity]?.event;
  }

  /** Events passing the filter and search, oldest first. Cached between changes. */
  visible(): readonly DecisionEvent[] {
    const key = `${this.filter}\0${this.search}`;
    if (this.viewVersion === this.version && this.viewKey === key) return this.view;
    const outcomes = this.filter === 'all' ? null : FILTER_OUTCOMES[this.filter];
    const needle = this.search.toLowerCase();
    const out: DecisionEvent[] = [];
    for (let i = 0; i < this.length; i++) {
      const e = this.ring[(this.start + i) % this.capacity]!;
      if (outcomes && !outcomes.has(e.event.outcome)) continue;
      if (needle && !e.text.includes(needle)) continue;
      out.push(e.event);
    }
    this.view = out;
    this.viewVersion = this.version;
    this.viewKey = key;
    return out;
  }
}
