// `safeshell hook install|uninstall <agent>`: merge safeshell's hook into an agent's settings.json and take it out
// again. Idempotent; other hooks and settings are untouched; a backup is written before any change; a file that is
// not valid JSON (or not shaped like settings) is refused with a message and left as it is.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SafeshellError } from '../errors.js';
import { AGENTS, isOurs, type HookAgent } from './agents.js';

export interface HookChange {
  file: string;
  changed: boolean;
  /** Where the previous file was copied, when there was one and it changed. */
  backup: string | null;
  summary: string;
}

type Json = Record<string, unknown>;

interface Loaded {
  settings: Json;
  existed: boolean;
  mode: number;
}

function load(file: string): Loaded {
  let text: string;
  let mode = 0o600;
  try {
    text = readFileSync(file, 'utf8');
    mode = statSync(file).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {}, existed: false, mode };
    throw new SafeshellError('E_INSTALL', `${file}: cannot read: ${(err as Error).message}`);
  }
  if (text.trim() === '') return { settings: {}, existed: true, mode };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SafeshellError('E_INSTALL', `${file} is not valid JSON (${(err as Error).message}); nothing was changed`, { hint: 'fix the file (or move it away) and run the command again' });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SafeshellError('E_INSTALL', `${file}: expected a JSON object of settings; nothing was changed`);
  return { settings: data as Json, existed: true, mode };
}

function groupsOf(settings: Json, file: string, event: string, create: boolean): Json[] | undefined {
  let hooks = settings.hooks;
  if (hooks === undefined) {
    if (!create) return undefined;
    hooks = settings.hooks = {};
  }
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) throw new SafeshellError('E_INSTALL', `${file}: "hooks" is not an object; nothing was changed`);
  const h = hooks as Json;
  if (h[event] === undefined) {
    if (!create) return undefined;
    h[event] = [];
  }
  if (!Array.isArray(h[event])) throw new SafeshellError('E_INSTALL', `${file}: "hooks.${event}" is not an array; nothing was changed`);
  return h[event] as Json[];
}

function save(file: string, loaded: Loaded): string | null {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let backup: string | null = null;
  if (loaded.existed) {
    backup = `${file}.safeshell-backup-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
    copyFileSync(file, backup);
  }
  const tmp = `${file}.tmp.${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(loaded.settings, null, 2)}\n`, { mode: loaded.mode });
  chmodSync(tmp, loaded.mode);
  renameSync(tmp, file);
  return backup;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Adds (or updates) safeshell's hook entry; removes duplicates of it. */
export function installHook(agent: HookAgent, file: string, command: string, approvalTimeoutSeconds: number): HookChange {
  const spec = AGENTS[agent];
  const loaded = load(file);
  const groups = groupsOf(loaded.settings, file, spec.event, true)!;
  const entry = spec.entry(command, approvalTimeoutSeconds);
  let found = false;
  let changed = false;
  for (const group of groups) {
    if (!Array.isArray(group?.hooks)) continue;
    const hooks = group.hooks as Json[];
    for (let i = hooks.length - 1; i >= 0; i--) {
      if (!isOurs(hooks[i]?.command, agent)) continue;
      if (found) {
        hooks.splice(i, 1);
        changed = true;
        continue;
      }
      found = true;
      if (!same(hooks[i], entry)) {
        hooks[i] = entry;
        changed = true;
      }
    }
  }
  const emptied = groups.filter((g) => Array.isArray(g?.hooks) && (g.hooks as unknown[]).length === 0);
  if (emptied.length > 0) loaded.settings.hooks = { ...(loaded.settings.hooks as Json), [spec.event]: groups.filter((g) => !emptied.includes(g)) };
  if (!found) {
    (loaded.settings.hooks as Json)[spec.event] = [...((loaded.settings.hooks as Json)[spec.event] as Json[]), { matcher: spec.matcher, hooks: [entry] }];
    changed = true;
  }
  if (!changed) return { file, changed, backup: null, summary: `${spec.name} hook already installed in ${file}` };
  const backup = save(file, loaded);
  return { file, changed, backup, summary: `${found ? 'updated' : 'installed'} the ${spec.name} ${spec.event} hook (${spec.matcher}) in ${file}` };
}

/** Removes safeshell's hook entries (and the groups and event lists that only held them). */
export function uninstallHook(agent: HookAgent, file: string): HookChange {
  const spec = AGENTS[agent];
  const loaded = load(file);
  const groups = loaded.existed ? groupsOf(loaded.settings, file, spec.event, false) : undefined;
  if (!groups) return { file, changed: false, backup: null, summary: `no ${spec.name} hook of safeshell's in ${file}` };
  let removed = 0;
  const kept: Json[] = [];
  for (const group of groups) {
    if (!Array.isArray(group?.hooks)) {
      kept.push(group);
      continue;
    }
    const before = (group.hooks as Json[]).length;
    const hooks = (group.hooks as Json[]).filter((h) => !isOurs(h?.command, agent));
    removed += before - hooks.length;
    if (hooks.length > 0 || before === 0) kept.push(hooks.length === before ? group : { ...group, hooks });
  }
  if (removed === 0) return { file, changed: false, backup: null, summary: `no ${spec.name} hook of safeshell's in ${file}` };
  const hooksObj = loaded.settings.hooks as Json;
  if (kept.length > 0) hooksObj[spec.event] = kept;
  else delete hooksObj[spec.event];
  const backup = save(file, loaded);
  return { file, changed: true, backup, summary: `removed the ${spec.name} hook from ${file}` };
}
