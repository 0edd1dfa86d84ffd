// What `safeshell status` and `safeshell doctor` look at: the daemon, the rules, the shims, the native parts.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { daemonStatus, ping } from '../client/control.js';
import { loadConfig } from '../config.js';
import { assertSocketPath, privateDirProblem } from '../daemon/paths.js';
import { Engine } from '../engine.js';
import { loadNative, nativeMode } from '../native/load.js';
import type { Paths } from '../paths.js';
import { VERSION } from '../version.js';
import { BUILT_SHIM } from './install.js';
import { pathIndex } from './path-env.js';
import { installedShims, SHIM_BINARY, TOOL_LINKS } from './refresh.js';

export interface RulesView {
  files: string[];
  errors: string[];
  warnings: string[];
  ruleCount: number;
  engine: string;
  engineReason: string;
}

export interface StatusReport {
  daemon:
    | { running: true; pid: number; version: string; sameVersion: boolean; uptimeMs?: number; evaluations?: number; denials?: number; peerCheck?: string; execute?: unknown; rssBytes?: number; lastReload?: unknown; configError?: string | null }
    | { running: false; reason: string };
  rules: RulesView | { error: string };
  rulesSource: 'daemon' | 'in-process';
  shims: { dir: string; binary: boolean; programs: string[]; pathIndex: number };
  native: { loaded: boolean; detail: string };
  config: { file: string; error: string | null };
}

export async function gatherStatus(p: Paths): Promise<StatusReport> {
  let daemon: StatusReport['daemon'];
  let rules: StatusReport['rules'] | undefined;
  try {
    const { pid, version, status } = await daemonStatus(p);
    const mem = status.memory as { rss?: number } | undefined;
    daemon = {
      running: true,
      pid,
      version,
      sameVersion: version === VERSION,
      uptimeMs: status.uptimeMs as number,
      evaluations: status.evaluations as number,
      denials: status.denials as number,
      peerCheck: status.peerCheck as string,
      execute: status.execute,
      ...(mem?.rss ? { rssBytes: mem.rss } : {}),
      lastReload: status.lastReload,
      configError: (status.configError as string | null) ?? null,
    };
    if (status.rules && typeof status.rules === 'object') rules = status.rules as RulesView;
  } catch (err) {
    daemon = { running: false, reason: (err as { reason?: string }).reason ?? (err as Error).message };
  }
  const rulesSource = rules ? 'daemon' : 'in-process';
  rules ??= localRules(p);
  const native = loadNativeInfo();
  let configError: string | null = null;
  try {
    loadConfig(p.config);
  } catch (err) {
    configError = (err as Error).message;
  }
  return {
    daemon,
    rules,
    rulesSource,
    shims: { dir: p.shims, binary: isExecutable(join(p.shims, SHIM_BINARY)), programs: installedShims(p.shims), pathIndex: pathIndex(p.shims) },
    native,
    config: { file: p.config, error: configError },
  };
}

function localRules(p: Paths): RulesView | { error: string } {
  try {
    const engine = Engine.create({ home: p.home, native: nativeMode() });
    engine.programs();
    return engine.status();
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function loadNativeInfo(): { loaded: boolean; detail: string } {
  try {
    const n = loadNative();
    if (!n.ok) return { loaded: false, detail: n.reason };
    const b = n.binding as unknown as Record<string, unknown>;
    const parts = [`loaded ${n.path}`, b.hasRe2 ? 'RE2 matcher' : 'no RE2 (JS matcher)', typeof b.peerCredInto === 'function' ? 'peer credentials' : 'no peerCredInto'];
    return { loaded: true, detail: parts.join('; ') };
  } catch (err) {
    return { loaded: false, detail: (err as Error).message };
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export type CheckLevel = 'ok' | 'warn' | 'fail';
export interface Check {
  level: CheckLevel;
  name: string;
  detail: string;
}

/** One line each; a `fail` makes `safeshell doctor` exit 1. */
export async function doctorChecks(p: Paths): Promise<Check[]> {
  const out: Check[] = [];
  const add = (level: CheckLevel, name: string, detail: string): void => void out.push({ level, name, detail });

  add(isExecutable(BUILT_SHIM) ? 'ok' : 'fail', 'shim built', isExecutable(BUILT_SHIM) ? BUILT_SHIM : `${BUILT_SHIM} missing or not executable; run \`npm run build:native\``);
  const installed = join(p.shims, SHIM_BINARY);
  if (!existsSync(installed)) add('fail', 'shim installed', `${installed} missing; run \`safeshell init\``);
  else if (!isExecutable(installed)) add('fail', 'shim installed', `${installed} lacks the executable bit; run \`safeshell init\``);
  else if (existsSync(BUILT_SHIM) && !readFileSync(installed).equals(readFileSync(BUILT_SHIM))) add('warn', 'shim installed', `${installed} differs from the build; run \`safeshell init\` to update it`);
  else add('ok', 'shim installed', installed);
  const missingTools = TOOL_LINKS.filter((t) => !existsSync(join(p.shims, t)));
  add(missingTools.length ? 'fail' : 'ok', 'wrapper and check links', missingTools.length ? `missing ${missingTools.join(', ')}; run \`safeshell init\`` : TOOL_LINKS.join(', '));

  const idx = pathIndex(p.shims);
  const count = installedShims(p.shims).length;
  if (idx === 0) add('ok', 'shims first on PATH', `${p.shims} (${count} programs)`);
  else if (idx > 0) add('warn', 'shims first on PATH', `${p.shims} is entry ${idx + 1} of PATH; earlier entries bypass the shims`);
  else add('warn', 'shims first on PATH', `${p.shims} is not on PATH: add \`eval "$(safeshell init bash)"\` to your shell rc (docs/setup.md)`);

  try {
    assertSocketPath(p.socket);
    add('ok', 'socket path length', `${Buffer.byteLength(p.socket)} of 107 bytes`);
  } catch (err) {
    add('fail', 'socket path length', (err as Error).message);
  }
  const dirProblem = privateDirProblem(p.run);
  add(dirProblem === null ? 'ok' : dirProblem.startsWith('missing') ? 'warn' : 'fail', 'socket directory', dirProblem === null ? `${p.run} is 0700 and yours` : `${p.run}: ${dirProblem}`);

  try {
    const info = await ping(p);
    if (info.version === VERSION) add('ok', 'daemon reachable', `pid ${info.pid}, version ${info.version}`);
    else add('warn', 'daemon reachable', `pid ${info.pid} runs version ${info.version}, this is ${VERSION}; \`safeshell daemon restart\``);
  } catch (err) {
    add('fail', 'daemon reachable', `${(err as { reason?: string }).reason ?? (err as Error).message}; \`safeshell daemon start\``);
  }
  const cmd = join(p.home, 'daemon.cmd');
  const node = existsSync(cmd) ? readFileSync(cmd, 'utf8').split('\n')[0] ?? '' : '';
  add(node && existsSync(node) ? 'ok' : 'warn', 'daemon auto-start', node && existsSync(node) ? `${cmd} (${node})` : `${cmd} missing or stale; shims cannot start the daemon: run \`safeshell init\``);

  try {
    const c = loadConfig(p.config);
    add('ok', 'config valid', `${p.config} (on_daemon_unavailable: ${c.on_daemon_unavailable})`);
  } catch (err) {
    add('fail', 'config valid', (err as Error).message);
  }
  const rules = localRules(p);
  if ('error' in rules) add('fail', 'rules load', rules.error);
  else if (rules.errors.length > 0) add('fail', 'rules valid', `${rules.errors.length} problems, first: ${rules.errors[0]}`);
  else add('ok', 'rules valid', `${rules.ruleCount} rules from ${rules.files.length} files`);

  const native = loadNativeInfo();
  add(native.loaded ? 'ok' : 'warn', 'native addon', native.loaded ? native.detail : `not loaded: ${native.detail} (the JS paths are used)`);
  const shellFile = join(p.home, 'init.bash');
  add(existsSync(shellFile) ? 'ok' : 'warn', 'shell integration', existsSync(shellFile) ? `${shellFile} (and init.zsh)` : `${shellFile} missing; run \`safeshell init\``);
  return out;
}
