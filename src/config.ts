// ~/.safeshell/config.yaml: one place that reads and validates settings; unknown keys are errors, not ignored.
import { readFileSync } from 'node:fs';
import { SafeshellError } from './errors.js';
import { isBlankYaml, yaml } from './rules/yaml-lazy.js';

export interface Config {
  /** What every client does when the daemon cannot answer: run the command (open) or refuse it (closed). */
  on_daemon_unavailable: 'open' | 'closed';
  approval_timeout_seconds: number;
  approval_memory_ttl_seconds: number;
  /** How `safeshell hook claude` maps require_approval: wait for the monitor, or answer `ask`. */
  hook_approval: 'wait' | 'ask';
  check_cd: boolean;
  check_source: boolean;
  check_eval: boolean;
  /** The shell the `$SHELL -c` wrapper runs after a command is allowed. */
  real_shell: string;
}

export const DEFAULT_CONFIG: Config = {
  on_daemon_unavailable: 'open',
  approval_timeout_seconds: 300,
  approval_memory_ttl_seconds: 300,
  hook_approval: 'wait',
  check_cd: true,
  check_source: true,
  check_eval: false,
  real_shell: '/bin/bash',
};

type Check = (v: unknown) => string | null;
const oneOf = (...values: string[]): Check => (v) => (typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`);
const intIn = (lo: number, hi: number): Check => (v) => (Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? null : `must be an integer from ${lo} to ${hi}`);
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const absolutePath: Check = (v) => (typeof v === 'string' && v.startsWith('/') ? null : 'must be an absolute path');

const CHECKS: Record<keyof Config, Check> = {
  on_daemon_unavailable: oneOf('open', 'closed'),
  approval_timeout_seconds: intIn(1, 3600),
  approval_memory_ttl_seconds: intIn(0, 86400),
  hook_approval: oneOf('wait', 'ask'),
  check_cd: bool,
  check_source: bool,
  check_eval: bool,
  real_shell: absolutePath,
};

/** Reads the config file; a missing file is the defaults; a bad one is an E_CONFIG error naming file:line. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_CONFIG };
    throw new SafeshellError('E_CONFIG', `${file}: cannot read: ${(err as Error).message}`);
  }
  if (isBlankYaml(text)) return { ...DEFAULT_CONFIG };
  const doc = yaml().parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new SafeshellError('E_CONFIG', `${file}:${pos?.line ?? 1}:${pos?.col ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return { ...DEFAULT_CONFIG };
  if (typeof data !== 'object' || Array.isArray(data)) throw new SafeshellError('E_CONFIG', `${file}:1:1: expected a mapping of settings`);
  const config: Config = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const check = CHECKS[key as keyof Config];
    const line = lineOf(text, key);
    if (!check) throw new SafeshellError('E_CONFIG', `${file}:${line}:1: unknown setting '${key}' (known: ${Object.keys(CHECKS).join(', ')})`);
    const problem = check(value);
    if (problem) throw new SafeshellError('E_CONFIG', `${file}:${line}:1: ${key} ${problem}`);
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}

function lineOf(text: string, key: string): number {
  const idx = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return idx < 0 ? 1 : idx + 1;
}
