// The agents whose hook contracts safeshell speaks (docs/hooks.md): where their settings live, which event and
// tool to register for, and the hook entry. The per-call work is done by the native client (`safeshell-shim --hook`).
import { homedir } from 'node:os';
import { join } from 'node:path';

export type HookAgent = 'claude' | 'gemini';
export const HOOK_AGENTS: readonly HookAgent[] = ['claude', 'gemini'];
/** Modes the native client serves: the agents plus `generic` (a command line on stdin). */
export const HOOK_MODES = [...HOOK_AGENTS, 'generic'] as const;
export type HookMode = (typeof HOOK_MODES)[number];

export interface AgentSpec {
  name: string;
  /** The settings file when no --settings is given. */
  defaultSettings(env: NodeJS.ProcessEnv): string;
  /** settings.hooks[event] holds the matcher groups. */
  event: string;
  /** The tool name (matcher) of shell commands. */
  matcher: string;
  /** The entry safeshell adds to the matcher group's hooks. */
  entry(command: string, approvalTimeoutSeconds: number): Record<string, unknown>;
}

/** Margin between the approval timeout and the agent's own hook timeout: the hook must outlive the wait. */
export const HOOK_TIMEOUT_MARGIN_SECONDS = 30;

export const AGENTS: Record<HookAgent, AgentSpec> = {
  claude: {
    name: 'Claude Code',
    // Claude Code reads $CLAUDE_CONFIG_DIR (default ~/.claude)/settings.json.
    defaultSettings: (env) => join(env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude'), 'settings.json'),
    event: 'PreToolUse',
    matcher: 'Bash',
    // timeout in seconds.
    entry: (command, t) => ({ type: 'command', command, timeout: t + HOOK_TIMEOUT_MARGIN_SECONDS }),
  },
  gemini: {
    name: 'Gemini CLI',
    defaultSettings: (env) => join(env.HOME || homedir(), '.gemini', 'settings.json'),
    event: 'BeforeTool',
    matcher: 'run_shell_command',
    // timeout in milliseconds; `name` is how /hooks enable|disable refer to it.
    entry: (command, t) => ({ name: 'safeshell', type: 'command', command, timeout: (t + HOOK_TIMEOUT_MARGIN_SECONDS) * 1000, description: 'safeshell: judge shell commands' }),
  },
};

/** Whether a hook command is safeshell's (any spelling this or an earlier install wrote). */
export function isOurs(command: unknown, agent: HookAgent): boolean {
  if (typeof command !== 'string') return false;
  return new RegExp(`safeshell(-shim)?['"]?\\s+(--)?hook\\s+['"]?${agent}\\b`).test(command) || new RegExp(`safeshell-hook['"]?\\s+${agent}\\b`).test(command);
}

/** A word for a shell command line: single-quoted unless it is plainly safe. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}
