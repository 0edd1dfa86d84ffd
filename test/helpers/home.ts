// A throwaway SAFESHELL_HOME with a short path (Unix socket paths are limited to 107 bytes), and fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/native/load.js';
import { paths, type Paths } from '../../src/paths.js';
import { installHome } from '../../src/setup/install.js';
import { linkPrograms } from '../../src/setup/refresh.js';

export const CLI = join(packageRoot, 'bin', 'safeshell.js');

export interface TestHome {
  home: string;
  p: Paths;
  /** A scratch directory next to the home (fixtures, markers). */
  tmp: string;
  cleanup(): void;
}

export function makeHome(opts: { install?: boolean; programs?: string[] } = {}): TestHome {
  const root = mkdtempSync('/tmp/ss-');
  const home = join(root, 'h');
  const tmp = join(root, 't');
  mkdirSync(home, { mode: 0o700 });
  mkdirSync(tmp);
  const p = paths(home);
  if (opts.install !== false) {
    installHome(p);
    linkPrograms(p.shims, opts.programs ?? [], { removeStale: false });
  }
  return { home, p, tmp, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

let argvDump: string | undefined;

/**
 * A compiled program that writes its argv (argv[0] included) NUL-separated to stdout, copies stdin to stderr
 * when DUMP_STDIN is set, and exits with DUMP_EXIT. Compiled once per test process.
 */
export function argvDumpBinary(): string {
  if (argvDump && existsSync(argvDump)) return argvDump;
  const dir = mkdtempSync('/tmp/ss-fx-');
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'dump.c');
  writeFileSync(
    src,
    `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++) fwrite(argv[i], 1, strlen(argv[i]) + 1, stdout);
  fflush(stdout);
  if (getenv("DUMP_STDIN")) { char b[4096]; ssize_t n; while ((n = read(0, b, sizeof b)) > 0) (void)!write(2, b, (size_t)n); }
  return getenv("DUMP_EXIT") ? atoi(getenv("DUMP_EXIT")) : 0;
}
`,
  );
  const out = join(dir, 'argvdump');
  const r = spawnSync('cc', ['-O1', '-o', out, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot compile the argv fixture: ${r.stderr}`);
  argvDump = out;
  return out;
}

/** Splits argvdump output into its NUL-terminated fields (as raw buffers, so invalid UTF-8 survives). */
export function splitNul(buf: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0) {
      parts.push(buf.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}
