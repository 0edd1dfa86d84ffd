// The daemon's approvals: the broker, the event hub (monitors, `safeshell log`), the audit log and the control
// requests, put together once at start. The daemon's handler calls evaluate() for every verdict and control() for
// the approval, monitor and protection requests.
import type { Decision } from '../engine-types.js';
import { AuditLog } from './audit.js';
import { ApprovalBroker, type BrokerSettings, type Final, type RequestScope } from './broker.js';
import type { ControlConnection, ControlContext, ControlReply } from './control.js';
import { EventHub } from './events.js';
import type { EvalInput, WireEvaluate } from './input.js';
import type { ControlRequest, ExplainRequest } from './protocol.js';

export interface ApprovalsOptions {
  version: string;
  /** <home>/log/audit.jsonl; omitted: no audit log (tests). */
  auditFile?: string;
  settings(): BrokerSettings;
  analyze(req: EvalInput): Array<{ text: string; program: string }>;
  explain(req: ExplainRequest): unknown | Promise<unknown>;
  stop(reason: string): void;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /** Answers need a controlling terminal (default true). */
  requireTty?: boolean;
}

export class Approvals {
  readonly hub: EventHub;
  readonly broker: ApprovalBroker;
  private readonly audit: AuditLog | undefined;
  private readonly control: ControlContext;

  constructor(opts: ApprovalsOptions) {
    this.audit = opts.auditFile ? new AuditLog(opts.auditFile, (m) => opts.log.error(m)) : undefined;
    const audit = this.audit;
    this.hub = new EventHub(audit ? { record: (m) => audit.record(m) } : {});
    this.broker = new ApprovalBroker({ settings: opts.settings, hub: this.hub, analyze: opts.analyze });
    this.control = {
      broker: this.broker,
      hub: this.hub,
      version: opts.version,
      settings: opts.settings,
      explain: opts.explain,
      stop: opts.stop,
      info: (m) => opts.log.info(m),
      warn: (m) => opts.log.warn(m),
      ...(opts.requireTty === undefined ? {} : { requireTty: opts.requireTty }),
    };
  }

  /** HOT PATH (bench/shim-overhead.js): every verdict, <= 1 µs unless require_approval (which may wait for a person). */
  evaluate(req: WireEvaluate, decision: Decision, peerPid: number | null, scope: RequestScope): Final | Promise<Final> {
    const input: EvalInput = req as EvalInput;
    if (req.agent_session !== undefined) input.agentSession = req.agent_session;
    return this.broker.decide(input, decision, peerPid, scope);
  }

  /**
   * Loaded on first use (control requests are rare; the daemon's start stays lean). The answer is a promise, whose
   * resolution and the server's write of it are microtasks: no event can reach a new subscriber before its snapshot.
   */
  handleControl(req: ControlRequest, conn: ControlConnection): Promise<ControlReply> {
    return import('./control.js').then((m) => m.handleControl(this.control, req, conn));
  }

  /** Waiting requesters get their final answer (not run); the audit log is flushed. */
  async close(): Promise<void> {
    this.broker.close();
    await this.audit?.drain();
    this.audit?.close();
  }

  status(): Record<string, unknown> {
    return { enabled: this.broker.enabled, pending: this.broker.pending().length, monitors: this.hub.subscribers, memory: this.broker.memory.stats() };
  }
}
