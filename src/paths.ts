// Where safeshell keeps its files: ~/.safeshell, or $SAFESHELL_HOME.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Paths {
  home: string;
  config: string;
  globalRules: string;
  shims: string;
  run: string;
  socket: string;
  pidFile: string;
  lockFile: string;
  log: string;
  daemonLog: string;
  auditLog: string;
}

export function safeshellHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SAFESHELL_HOME && env.SAFESHELL_HOME.length > 0 ? env.SAFESHELL_HOME : join(homedir(), '.safeshell');
}

export function paths(home: string = safeshellHome()): Paths {
  const run = join(home, 'run');
  const log = join(home, 'log');
  return {
    home,
    config: join(home, 'config.yaml'),
    globalRules: join(home, 'rules.yaml'),
    shims: join(home, 'shims'),
    run,
    socket: join(run, 'daemon.sock'),
    pidFile: join(run, 'daemon.pid'),
    lockFile: join(run, 'daemon.lock'),
    log,
    daemonLog: join(log, 'daemon.log'),
    auditLog: join(log, 'audit.jsonl'),
  };
}

/** Repo rules live in `.safeshell/rules.yaml` of the nearest ancestor that has one. */
export const REPO_RULES_RELATIVE = join('.safeshell', 'rules.yaml');
