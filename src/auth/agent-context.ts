// Is a process an agent, or descended from one? Walks the parent chain and reads each ancestor's environment
// (/proc/<pid>/environ) for SAFESHELL_CONTEXT=ai and the agent markers (docs/agents.md), and its command line for
// the agents' own programs (Claude Code sets CLAUDECODE only for its children, so the agent itself is found by name).
import { basename } from 'node:path';
import { AGENT_MARKERS } from '../client/context.js';
import { ancestry, readCmdline, readEnviron, type ProcStat } from './proc.js';

/** Programs that are coding agents, by the basename of argv[0] or argv[1] (node scripts). */
const AGENT_PROGRAMS = new Set(['claude', 'codex', 'gemini', 'cursor-agent', 'aider', 'opencode', 'goose', 'amp', 'crush']);
/** Package paths of agents that run as `node …/cli.js`. */
const AGENT_PACKAGES = ['@anthropic-ai/claude-code', '@openai/codex', '@google/gemini-cli', '@sourcegraph/amp', 'opencode-ai'];

export interface AgentFinding {
  pid: number;
  comm: string;
  why: string;
}

export interface ContextReport {
  /** The first agent evidence found, from the process itself upwards; null when none. */
  agent: AgentFinding | null;
  /** The process chain that was read, the process itself first. */
  chain: ProcStat[];
}

/** The marker (or SAFESHELL_CONTEXT=ai) set in one environment, or null. */
export function markerIn(env: Map<string, string>): string | null {
  if (env.get('SAFESHELL_CONTEXT') === 'ai') return 'SAFESHELL_CONTEXT=ai';
  for (const name of AGENT_MARKERS) {
    const v = env.get(name);
    if (v && v !== '0' && v !== 'false') return name;
  }
  return null;
}

/** Interpreters whose script (argv[1]) is the program that matters. */
const INTERPRETERS = /^(node|nodejs|bun|deno|python[0-9.]*)$/;

/** Whether a command line is a known agent program: by name, or an interpreter running one (name or package path). */
export function agentProgram(argv: string[] | null): string | null {
  if (!argv || argv.length === 0) return null;
  const words = INTERPRETERS.test(basename(argv[0]!)) ? argv.slice(0, 2) : argv.slice(0, 1);
  for (const word of words) {
    const name = basename(word);
    if (AGENT_PROGRAMS.has(name)) return name;
    const pkg = AGENT_PACKAGES.find((p) => word.includes(`/${p}/`) || word.includes(`/node_modules/${p}`));
    if (pkg) return pkg;
  }
  return null;
}

/** Reads the chain of `pid` and stops at the first agent evidence. */
export function inspectContext(pid: number, root = '/proc'): ContextReport {
  const chain = ancestry(pid, 64, root);
  for (const st of chain) {
    const env = readEnviron(st.pid, root);
    const marker = env ? markerIn(env) : null;
    if (marker) return { agent: { pid: st.pid, comm: st.comm, why: `${marker} is set in its environment` }, chain };
    const program = agentProgram(readCmdline(st.pid, root));
    if (program) return { agent: { pid: st.pid, comm: st.comm, why: `it is an agent (${program})` }, chain };
  }
  return { agent: null, chain };
}

/**
 * The process that stands for "this agent session": the nearest ancestor that is an agent program, else the parent
 * of the topmost ancestor carrying a marker (an agent sets markers for its children, not for itself), else null.
 * Used to recognise commands from the same agent across doors (hook and shims) when no SAFESHELL_SESSION is set.
 */
export function agentRoot(pid: number, root = '/proc'): ProcStat | null {
  const chain = ancestry(pid, 64, root);
  let topMarked = -1;
  for (let i = 0; i < chain.length; i++) {
    const st = chain[i]!;
    if (agentProgram(readCmdline(st.pid, root))) return st;
    const env = readEnviron(st.pid, root);
    if (env && markerIn(env)) topMarked = i;
  }
  if (topMarked < 0) return null;
  return chain[topMarked + 1] ?? chain[topMarked] ?? null;
}
