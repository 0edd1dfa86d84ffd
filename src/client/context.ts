// Execution context from the environment, exactly as the C shim decides it (shims/shim.c is_ai_context).
import type { ExecContext } from '../rules/types.js';

/** Variables agents set in the shells they run (docs/agents.md). Set, non-empty and not "0"/"false" counts. */
export const AGENT_MARKERS = ['CLAUDECODE', 'CODEX_SANDBOX', 'CODEX_SANDBOX_NETWORK_DISABLED', 'GEMINI_CLI', 'CURSOR_AGENT', 'WARP_AI_AGENT'] as const;

/** ai when SAFESHELL_CONTEXT=ai or any agent marker is set; SAFESHELL_CONTEXT=human cannot override a marker. */
export function detectContext(env: NodeJS.ProcessEnv = process.env): ExecContext {
  if (env.SAFESHELL_CONTEXT === 'ai') return 'ai';
  for (const name of AGENT_MARKERS) {
    const v = env[name];
    if (v && v !== '0' && v !== 'false') return 'ai';
  }
  return 'human';
}
