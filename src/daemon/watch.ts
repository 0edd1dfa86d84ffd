// Reload on change: fs.watch on the directory of each watched file (editors replace files by rename, which a
// watch on the file itself would miss), plus a 2 s stat poll as a safety net (network filesystems, missed events).
import { type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from './log.js';

const DEBOUNCE_MS = 50;
const POLL_MS = 2000;

export class FileWatcher {
  private readonly dirs = new Map<string, { watcher: FSWatcher | null; names: Set<string> }>();
  private readonly signatures = new Map<string, string>();
  private debounce: NodeJS.Timeout | undefined;
  private readonly poller: NodeJS.Timeout;
  private changed = new Set<string>();

  constructor(
    private readonly list: () => string[],
    private readonly onChange: (files: string[]) => void,
    private readonly log: Logger,
  ) {
    this.sync();
    this.poller = setInterval(() => this.poll(), POLL_MS);
    this.poller.unref();
  }

  /** Picks up files the engine started to use (cheap; called after requests, at most once a second). */
  sync(): void {
    for (const file of this.list()) {
      if (this.signatures.has(file)) continue;
      this.signatures.set(file, signature(file));
      const dir = dirname(file);
      let entry = this.dirs.get(dir);
      if (!entry) {
        entry = { watcher: this.watchDir(dir), names: new Set() };
        this.dirs.set(dir, entry);
      }
      entry.names.add(basename(file));
    }
  }

  watched(): string[] {
    return [...this.signatures.keys()];
  }

  close(): void {
    clearInterval(this.poller);
    clearTimeout(this.debounce);
    for (const { watcher } of this.dirs.values()) watcher?.close();
    this.dirs.clear();
  }

  private watchDir(dir: string): FSWatcher | null {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        const names = this.dirs.get(dir)?.names;
        if (!names) return;
        // An event counts even if stat looks the same (same size within one mtime tick).
        if (name === null) for (const n of names) this.note(`${dir}/${n}`, true);
        else if (names.has(name.toString())) this.note(`${dir}/${name.toString()}`, true);
      });
      w.on('error', (err) => this.log.debug(`watch ${dir}: ${err.message}`));
      return w;
    } catch (err) {
      this.log.debug(`cannot watch ${dir} (${(err as Error).message}); polling it`);
      return null;
    }
  }

  private poll(): void {
    for (const [file, sig] of this.signatures) if (signature(file) !== sig) this.note(file);
  }

  private note(file: string, force = false): void {
    const sig = signature(file);
    if (!force && this.signatures.get(file) === sig) return;
    this.signatures.set(file, sig);
    this.changed.add(file);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const files = [...this.changed];
      this.changed = new Set();
      this.onChange(files);
    }, DEBOUNCE_MS);
    this.debounce.unref();
  }
}

function signature(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
