// Which session a request belongs to, for remembered answers and hook approvals. Doors differ in what they know
// (a hook gets the agent's session_id, a shim only its environment), so the key must be one they all reach:
// 1. SAFESHELL_SESSION when set (`safeshell run` sets it for everything under the agent);
// 2. in an AI context, the agent process itself, found from the requester's ancestry (pid + start time);
// 3. else the requester's kernel session (its terminal), or its pid.
import { agentRoot } from '../auth/agent-context.js';
import { readStat } from '../auth/proc.js';
import type { ExecContext } from '../rules/types.js';

export function sessionKey(session: string | undefined, context: ExecContext, pid: number | null, procRoot?: string): string {
  if (session) return `session:${session}`;
  if (pid === null) return 'unknown';
  if (context === 'ai') {
    const root = agentRoot(pid, procRoot);
    if (root) return `agent:${root.pid}:${root.startTime}`;
  }
  const st = readStat(pid, procRoot);
  return st ? `sid:${st.sid}` : `pid:${pid}`;
}
