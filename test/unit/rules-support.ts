// Helpers for the rules tests: temp homes and repos, an engine on them, and a real git repo on a chosen branch.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine.js';
import type { ExecContext } from '../../src/rules/types.js';

export function tempDir(prefix = 'ss-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFile(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A home with an optional global rules file, and an engine on it (JS matcher unless told otherwise). */
export function engineWith(globalRules?: string, native: 'off' | 'auto' = 'off'): { engine: Engine; home: string } {
  const home = tempDir('ss-home-');
  if (globalRules !== undefined) writeFile(join(home, 'rules.yaml'), globalRules);
  return { engine: Engine.create({ home, native }), home };
}

/** A real git repository on `branch` (with one commit so HEAD resolves). */
export function gitRepo(branch: string): string {
  const dir = tempDir('ss-repo-');
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  };
  git('init', '-q', '-b', branch);
  git('commit', '-q', '--allow-empty', '-m', 'init');
  return dir;
}

export function verdict(engine: Engine, command: string, cwd: string, context: ExecContext = 'ai'): string {
  return engine.evaluate({ command, cwd, context }).verdict;
}
