// `safeshell init`: the files under <home>, idempotent. Existing config.yaml and rules.yaml are never
// overwritten; the shim binary is replaced only when it differs from the build.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, lstatSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafeshellError } from '../errors.js';
import { packageRoot } from '../native/load.js';
import type { Paths } from '../paths.js';
import { daemonCommand } from '../client/control.js';
import { SHIM_BINARY, TOOL_LINKS } from './refresh.js';
import { renderShellInit, SHELLS } from './shell.js';
import { configTemplate, rulesTemplate } from './templates.js';

export const BUILT_SHIM = join(packageRoot, 'build', SHIM_BINARY);

/** Files init writes besides config and rules (uninstall removes exactly these). */
export function installedFiles(p: Paths): string[] {
  return [join(p.home, 'daemon.cmd'), ...SHELLS.map((s) => join(p.home, `init.${s}`))];
}

/** Each line says what init did. */
export function installHome(p: Paths): string[] {
  const done: string[] = [];
  mkdirSync(p.home, { recursive: true, mode: 0o700 });
  mkdirSync(p.shims, { recursive: true, mode: 0o755 });
  done.push(writeIfMissing(p.config, configTemplate()));
  done.push(writeIfMissing(p.globalRules, rulesTemplate()));
  done.push(installShimBinary(p));
  for (const tool of TOOL_LINKS) done.push(ensureLink(join(p.shims, tool)));
  for (const shell of SHELLS) done.push(writeIfChanged(join(p.home, `init.${shell}`), renderShellInit(shell, p.home), 0o644));
  // The start command for the shim's background start: one argv element per line.
  done.push(writeIfChanged(join(p.home, 'daemon.cmd'), `${daemonCommand().join('\n')}\n`, 0o600));
  return done.filter((l) => l.length > 0);
}

function writeIfMissing(file: string, text: string): string {
  if (existsSync(file)) return `kept ${file}`;
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  return `wrote ${file}`;
}

function writeIfChanged(file: string, text: string, mode: number): string {
  try {
    if (readFileSync(file, 'utf8') === text) return '';
  } catch {
    // missing
  }
  atomicWrite(file, text, mode);
  return `wrote ${file}`;
}

function atomicWrite(file: string, data: string | Buffer, mode: number): void {
  const tmp = `${file}.tmp.${process.pid}`;
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function ensureLink(path: string): string {
  try {
    if (lstatSync(path).isSymbolicLink()) return '';
    return `left ${path} alone (not a symlink)`;
  } catch {
    symlinkSync(SHIM_BINARY, path);
    return `linked ${path}`;
  }
}

/** Copies build/safeshell-shim into <home>/shims (atomically: a running shim keeps its old inode). */
export function installShimBinary(p: Paths): string {
  const built = ensureBuiltShim();
  const dest = join(p.shims, SHIM_BINARY);
  const data = readFileSync(built);
  try {
    if (readFileSync(dest).equals(data)) return '';
  } catch {
    // missing
  }
  const tmp = `${dest}.tmp.${process.pid}`;
  copyFileSync(built, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, dest);
  return `installed ${dest}`;
}

/** build/safeshell-shim, compiled now with cc if the package build did not produce it. */
export function ensureBuiltShim(): string {
  if (existsSync(BUILT_SHIM)) return BUILT_SHIM;
  mkdirSync(join(packageRoot, 'build'), { recursive: true });
  const src = join(packageRoot, 'shims', 'shim.c');
  const cc = process.env.CC || 'cc';
  const flags = ['-O2', '-Wall', '-Wextra', '-std=c11', '-D_GNU_SOURCE'];
  for (const extra of [['-static'], []]) {
    const r = spawnSync(cc, [...flags, ...extra, '-o', BUILT_SHIM, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status === 0) return BUILT_SHIM;
  }
  try {
    unlinkSync(BUILT_SHIM);
  } catch {
    // nothing half-written
  }
  throw new SafeshellError('E_INSTALL', `the shim is not built (${BUILT_SHIM}) and \`${cc}\` could not build it`, { hint: 'run `npm run build:native` (needs a C compiler)' });
}
