// Git facts for a working directory. Repo discovery is cached briefly; HEAD is re-read on every question, so a
// branch switch is seen at once (the original cached for 10 s). Handles `.git` files (worktrees, submodules)
// and detached HEADs. All I/O for git lives here, never in evaluate.ts.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface GitRepo {
  /** The work tree root (the directory holding `.git`). */
  root: string;
  /** The git directory whose HEAD names the branch (for worktrees: .git/worktrees/<name>). */
  gitDir: string;
}

const DISCOVERY_TTL_MS = 1000;
const MAX_CACHE = 256;
const discovery = new Map<string, { repo: GitRepo | null; at: number }>();

/** The nearest enclosing repository of `cwd`, or null. `/` itself is never treated as a repository. */
export function findRepo(cwd: string, now: number = Date.now()): GitRepo | null {
  const hit = discovery.get(cwd);
  if (hit && now - hit.at < DISCOVERY_TTL_MS) return hit.repo;
  const repo = discover(resolve(cwd));
  if (discovery.size >= MAX_CACHE) discovery.clear();
  discovery.set(cwd, { repo, at: now });
  return repo;
}

function discover(start: string): GitRepo | null {
  let dir = start;
  for (;;) {
    if (dir === dirname(dir)) return null; // reached '/'
    const dotGit = join(dir, '.git');
    const st = statSafe(dotGit);
    if (st?.isDirectory()) return { root: dir, gitDir: dotGit };
    if (st?.isFile()) {
      const gitDir = readGitFile(dotGit, dir);
      if (gitDir) return { root: dir, gitDir };
    }
    dir = dirname(dir);
  }
}

/** A `.git` file holds `gitdir: <path>` (relative paths are relative to the file's directory). */
function readGitFile(file: string, dir: string): string | null {
  try {
    const line = readFileSync(file, 'utf8').split('\n')[0] ?? '';
    const m = /^gitdir:\s*(.+?)\s*$/.exec(line);
    if (!m) return null;
    return isAbsolute(m[1]!) ? m[1]! : resolve(dir, m[1]!);
  } catch {
    return null;
  }
}

/** The checked-out branch (`feature/login` for refs/heads/feature/login), or null when detached or unknown. */
export function currentBranch(repo: GitRepo): string | null {
  try {
    const head = readFileSync(join(repo.gitDir, 'HEAD'), 'utf8').trim();
    const m = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
    if (m) return m[1]!;
    const other = /^ref:\s*(.+)$/.exec(head);
    return other ? other[1]!.split('/').pop() ?? null : null;
  } catch {
    return null;
  }
}

export function clearGitCache(): void {
  discovery.clear();
}

function statSafe(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
