// One daemon per home: <home>/run/daemon.lock holds "<pid> <starttime>". It is created atomically with link(2)
// (content complete before it appears); a lock whose process is gone (or whose pid was reused: different start
// time in /proc/<pid>/stat) is stale and taken over. Node has no flock(2), hence this.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

export type LockResult = { ok: true; release(): void } | { ok: false; pid: number };

/** Start time of a process in clock ticks since boot (/proc/<pid>/stat field 22), or null if it is gone. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function holderAlive(content: string): number | null {
  const [pidText, start] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const now = processStartTime(pid);
  return now !== null && (start === undefined || start === now) ? pid : null;
}

export function acquireLock(file: string): LockResult {
  const mine = `${process.pid} ${processStartTime(process.pid) ?? ''}\n`;
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, mine, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(tmp, file);
        return { ok: true, release: () => releaseLock(file, mine) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch {
        continue; // released meanwhile
      }
      const pid = holderAlive(content);
      if (pid !== null) return { ok: false, pid };
      // Stale. Move it aside atomically and check that what moved is what we judged stale: if another starter
      // replaced it meanwhile, put theirs back (link fails if a third one is already there).
      const aside = `${file}.stale.${process.pid}`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      const moved = readFileSync(aside, 'utf8');
      if (moved !== content) {
        try {
          linkSync(aside, file);
        } catch {
          // someone else holds it now; the next attempt sees them
        }
      }
      unlinkSync(aside);
    }
    const content = readFileSync(file, 'utf8');
    return { ok: false, pid: Number(content.split(' ')[0]) || 0 };
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

function releaseLock(file: string, mine: string): void {
  try {
    if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
  } catch {
    // gone already
  }
}

/** The pid recorded in a lock file if that process is still the holder. */
export function lockHolder(file: string): number | null {
  try {
    return holderAlive(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
