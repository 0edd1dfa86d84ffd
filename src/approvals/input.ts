// The part of an evaluate request the broker reads (and its wire form), and how a command is shown to people.
import { quote } from '../analyze/render.js';
import type { ExecContext } from '../rules/types.js';

export interface EvalInput {
  /** Exactly one of argv (a shim's exact argv) or command (a command line). */
  argv?: string[];
  command?: string;
  cwd: string;
  context: ExecContext;
  /** SAFESHELL_SESSION of the requester ('' when unset). */
  session?: string;
  /** The pid the client reports (used only when the kernel cannot tell: never for authentication). */
  pid?: number;
  client?: string;
  /** The client waits for a person on require_approval (it reads a pending line, then the final answer). */
  wait?: boolean;
  /** The agent's own session id (a hook's session_id), for display. */
  agentSession?: string;
}

/** EvalInput as it arrives on the wire (snake_case agent_session); the daemon's EvaluateRequest extends it. */
export interface WireEvaluate extends Omit<EvalInput, 'agentSession'> {
  agent_session?: string;
}

/** The request's command as a person reads it: the command line, or argv quoted like a shell would need it. */
export function displayCommand(req: Pick<EvalInput, 'argv' | 'command'>): string {
  if (req.argv) {
    let s = '';
    for (let i = 0; i < req.argv.length; i++) s += (i ? ' ' : '') + quote(req.argv[i]!);
    return s;
  }
  return req.command ?? '';
}
