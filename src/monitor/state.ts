// The monitor's state: pending approvals (kept in view across reconnects), the decision history, selection,
// filter and search, prompts, and what the daemon last said. Pure data plus the reducers for daemon messages;
// keys are handled in keys.ts and drawing in view.ts.
import type { Answer, DecisionEvent, MonitorMessage, PendingApproval, Snapshot } from '../approvals/types.js';
import { History } from './history.js';

export type Connection = 'connecting' | 'connected' | 'disconnected';
export type Mode = 'normal' | 'search' | 'reason' | 'help' | 'confirm-off';
export type Focus = 'pending' | 'events';

export interface ShownApproval extends PendingApproval {
  /** Seen before the connection dropped; refreshed (or dropped) by the next snapshot. */
  stale?: boolean;
}

export interface Explanation {
  key: string;
  lines: string[] | null;
  error?: string;
}

export class MonitorState {
  readonly history: History;
  pending = new Map<string, ShownApproval>();
  /** Reasons typed for an approval, sent with its answer. */
  reasons = new Map<string, string>();
  selectedPending = 0;
  /** Index into history.visible(); -1 follows the newest event. */
  selectedEvent = -1;
  focus: Focus = 'pending';
  mode: Mode = 'normal';
  input = '';
  connection: Connection = 'connecting';
  connectionDetail = '';
  enabled = true;
  approvalTimeoutSeconds = 300;
  rememberSeconds = 300;
  daemonPid: number | null = null;
  daemonVersion = '';
  lastSeq = 0;
  flash: { text: string; at: number; bad: boolean } | null = null;
  explanation: Explanation | null = null;
  /** Answers sent and not yet confirmed (no double sends from key repeat). */
  readonly answering = new Set<string>();

  constructor(
    readonly debug = false,
    capacity = 10_000,
    readonly now: () => number = Date.now,
  ) {
    this.history = new History(capacity);
  }

  applySnapshot(s: Snapshot): void {
    const sameDaemon = this.daemonPid === s.daemonPid;
    this.daemonPid = s.daemonPid;
    this.daemonVersion = s.version;
    this.enabled = s.enabled;
    this.approvalTimeoutSeconds = s.approvalTimeoutSeconds;
    this.rememberSeconds = s.rememberSeconds;
    // The snapshot is the truth about what is pending: requesters of stale entries are gone (a restarted daemon
    // answered them before it stopped).
    const before = this.selectedPendingId();
    this.pending = new Map(s.pending.map((a) => [a.id, a]));
    for (const id of [...this.reasons.keys()]) if (!this.pending.has(id)) this.reasons.delete(id);
    if (!sameDaemon) this.lastSeq = 0;
    for (const e of s.recent) this.addEvent(e);
    this.reselect(before);
    this.connection = 'connected';
    this.connectionDetail = '';
  }

  apply(msg: MonitorMessage): void {
    switch (msg.kind) {
      case 'decision':
        this.addEvent(msg.event);
        break;
      case 'approval': {
        this.pending.set(msg.approval.id, msg.approval);
        break;
      }
      case 'resolved': {
        const before = this.selectedPendingId();
        this.pending.delete(msg.id);
        this.reasons.delete(msg.id);
        this.answering.delete(msg.id);
        this.reselect(before);
        break;
      }
      case 'protection':
        this.enabled = msg.enabled;
        this.say(`protection switched ${msg.enabled ? 'on' : 'OFF'}${msg.by ? ` by ${msg.by}` : ''}`, !msg.enabled);
        break;
      case 'refused':
        this.say(`refused: ${msg.action}${msg.approval ? ` ${msg.approval}` : ''}: ${msg.reason}`, true);
        break;
    }
  }

  disconnected(detail: string): void {
    this.connection = 'disconnected';
    this.connectionDetail = detail;
    for (const a of this.pending.values()) a.stale = true;
  }

  say(text: string, bad = false): void {
    this.flash = { text, at: this.now(), bad };
  }

  pendingList(): ShownApproval[] {
    return [...this.pending.values()];
  }

  selectedPendingId(): string | undefined {
    return this.pendingList()[this.selectedPending]?.id;
  }

  selectedApproval(): ShownApproval | undefined {
    return this.pendingList()[this.selectedPending];
  }

  /** The event under the cursor (the newest while following). */
  selectedEventValue(): DecisionEvent | undefined {
    const list = this.history.visible();
    return this.selectedEvent < 0 ? list[list.length - 1] : list[Math.min(this.selectedEvent, list.length - 1)];
  }

  /** The answer keys 1-4 map to. */
  static answerFor(key: string): Answer | undefined {
    return ({ '1': 'approve', '2': 'approve_remember', '3': 'deny', '4': 'deny_remember' } as const)[key as '1'];
  }

  private addEvent(e: DecisionEvent): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    this.history.push(e);
  }

  private reselect(previousId: string | undefined): void {
    const list = this.pendingList();
    const idx = previousId ? list.findIndex((a) => a.id === previousId) : -1;
    this.selectedPending = idx >= 0 ? idx : Math.min(this.selectedPending, Math.max(0, list.length - 1));
  }
}
