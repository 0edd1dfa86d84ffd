// `safeshell uninstall`: stop the daemon and remove what init and refresh created. config.yaml, rules.yaml
// and the logs stay unless purge is set. Nothing that safeshell did not create is removed.
import { readdirSync, rmSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stopDaemon } from '../client/control.js';
import type { Paths } from '../paths.js';
import { installedFiles } from './install.js';
import { isShimLink, SHIM_BINARY, TOOL_LINKS } from './refresh.js';

export async function uninstall(p: Paths, opts: { purge: boolean }): Promise<string[]> {
  const done: string[] = [];
  const stopped = await stopDaemon(p);
  if (stopped.pid !== null) done.push(`stopped the daemon (pid ${stopped.pid})`);
  let names: string[] = [];
  try {
    names = readdirSync(p.shims);
  } catch {
    // no shim dir
  }
  let links = 0;
  for (const name of names) {
    const path = join(p.shims, name);
    if (isShimLink(path) || (TOOL_LINKS as readonly string[]).includes(name)) {
      unlinkSync(path);
      links++;
    }
  }
  if (links > 0) done.push(`removed ${links} shim links from ${p.shims}`);
  if (remove(join(p.shims, SHIM_BINARY))) done.push(`removed ${join(p.shims, SHIM_BINARY)}`);
  try {
    rmdirSync(p.shims);
    done.push(`removed ${p.shims}`);
  } catch {
    // not empty (someone else's files) or absent
  }
  for (const file of installedFiles(p)) if (remove(file)) done.push(`removed ${file}`);
  rmSync(p.run, { recursive: true, force: true });
  if (opts.purge) {
    for (const file of [p.config, p.globalRules]) if (remove(file)) done.push(`removed ${file}`);
    rmSync(p.log, { recursive: true, force: true });
    try {
      rmdirSync(p.home);
      done.push(`removed ${p.home}`);
    } catch {
      // other files remain
    }
  } else {
    done.push(`kept ${p.config}, ${p.globalRules} and ${p.log} (--purge removes them)`);
  }
  return done;
}

function remove(file: string): boolean {
  try {
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}
