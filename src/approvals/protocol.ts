// Requests for approvals, monitors and protection (docs/protocol.md, "Approvals and monitors"): their shapes and
// validation. The daemon's parseRequest hands these types here.
import { ANSWERS, type Answer } from './types.js';

export const CONTROL_TYPES = ['answer', 'pending', 'log', 'subscribe', 'explain', 'protection', 'stop'] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];

interface Base {
  v?: number;
  id?: string | number;
  client?: string;
}

/** A person's answer to a pending approval (id or a unique prefix of at least 4 characters). */
export interface AnswerRequest extends Base {
  type: 'answer';
  approval: string;
  answer: Answer;
  reason?: string;
}
export interface PendingRequest extends Base {
  type: 'pending';
}
export interface LogRequest extends Base {
  type: 'log';
  limit?: number;
}
/** Turns the connection into an event stream: a snapshot line, then one line per event. Send nothing after it. */
export interface SubscribeRequest extends Base {
  type: 'subscribe';
  /** How many recent decisions the snapshot carries (default 500). */
  recent?: number;
}
/** The per-rule evaluation of a command, as `safeshell rules explain` shows it. */
export interface ExplainRequest extends Base {
  type: 'explain';
  command?: string;
  argv?: string[];
  cwd: string;
  context: 'ai' | 'human';
}
/** Switch protection off (everything is allowed and logged) or on again. */
export interface ProtectionRequest extends Base {
  type: 'protection';
  enabled: boolean;
}
export interface StopRequest extends Base {
  type: 'stop';
}

export type ControlRequest = AnswerRequest | PendingRequest | LogRequest | SubscribeRequest | ExplainRequest | ProtectionRequest | StopRequest;

export type ControlParse = { ok: true; request: ControlRequest } | { ok: false; error: string };

export function isControlType(t: unknown): t is ControlType {
  return typeof t === 'string' && (CONTROL_TYPES as readonly string[]).includes(t);
}

const MAX_REASON = 2000;

/** Validates a control request (r.type is one of CONTROL_TYPES). Never throws. */
export function validateControl(r: Record<string, unknown>): ControlParse {
  const bad = (error: string): ControlParse => ({ ok: false, error });
  switch (r.type) {
    case 'answer':
      if (typeof r.approval !== 'string' || r.approval.length === 0) return bad("'approval' must be the approval id");
      if (typeof r.answer !== 'string' || !(ANSWERS as readonly string[]).includes(r.answer)) return bad(`'answer' must be one of ${ANSWERS.join(', ')}`);
      if (r.reason !== undefined && (typeof r.reason !== 'string' || r.reason.length > MAX_REASON)) return bad(`'reason' must be a string of at most ${MAX_REASON} characters`);
      break;
    case 'log':
    case 'subscribe': {
      const n = r.type === 'log' ? r.limit : r.recent;
      if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0)) return bad(`'${r.type === 'log' ? 'limit' : 'recent'}' must be a non-negative integer`);
      break;
    }
    case 'explain':
      if ((r.argv === undefined) === (r.command === undefined)) return bad("explain needs exactly one of 'argv' or 'command'");
      if (r.argv !== undefined && !(Array.isArray(r.argv) && r.argv.length > 0 && r.argv.every((a) => typeof a === 'string'))) return bad("'argv' must be a non-empty array of strings");
      if (r.command !== undefined && typeof r.command !== 'string') return bad("'command' must be a string");
      if (typeof r.cwd !== 'string' || r.cwd.length === 0) return bad("'cwd' must be a non-empty string");
      if (r.context !== 'ai' && r.context !== 'human') return bad("'context' must be 'ai' or 'human'");
      break;
    case 'protection':
      if (typeof r.enabled !== 'boolean') return bad("'enabled' must be true or false");
      break;
    case 'pending':
    case 'stop':
      break;
    default:
      return bad(`unknown control request ${JSON.stringify(r.type)}`);
  }
  return { ok: true, request: r as unknown as ControlRequest };
}
