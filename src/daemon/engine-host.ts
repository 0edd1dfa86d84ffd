// The daemon's engine: imported and built after the socket listens (so early clients wait instead of finding no
// socket), reloaded when a watched file changes, with the outcome of the last reload kept for status and the log.
import type { Config } from '../config.js';
import type { Engine } from '../engine.js';
import type { NativeMode } from '../native/load.js';
import type { Paths } from '../paths.js';
import { linkPrograms } from '../setup/refresh.js';
import type { Logger } from './log.js';
import { FileWatcher } from './watch.js';

export class EngineHost {
  engine: Engine | undefined;
  readonly ready: Promise<Engine>;
  lastReload: { at: string; files: string[]; errors: string[] } | null = null;
  configError: string | null = null;
  loadError: string | null = null;
  private watcher: FileWatcher | undefined;
  private nextSync = 0;
  private settle!: { resolve(e: Engine): void; reject(err: unknown): void };

  constructor(
    private readonly p: Paths,
    private readonly mode: NativeMode,
    private readonly log: Logger,
  ) {
    this.ready = new Promise<Engine>((resolve, reject) => (this.settle = { resolve, reject }));
    // A failed load is logged; requests waiting on it get E_INTERNAL (and clients their fail policy).
    this.ready.catch((err: unknown) => {
      this.loadError = (err as Error)?.message ?? String(err);
      log.error(`the rules engine failed to load: ${(err as Error)?.stack ?? String(err)}`);
    });
  }

  /** Loads the engine (call once the socket listens). */
  start(): void {
    this.load().then(this.settle.resolve, this.settle.reject);
  }

  private async load(): Promise<Engine> {
    // Watch before the engine reads anything, so that no change between its read and the watch is missed.
    this.watcher = new FileWatcher(() => [this.p.globalRules, this.p.config, ...safeList(() => this.engine?.watchedFiles() ?? [])], (files) => this.reload(files), this.log);
    const [{ Engine }, { loadConfig }] = await Promise.all([import('../engine.js'), import('../config.js')]);
    this.loadConfig = loadConfig;
    const engine = Engine.create({ home: this.p.home, native: this.mode });
    this.readConfig();
    const programs = safe(() => engine.programs());
    const rules = engine.status();
    if (rules.errors.length > 0) this.log.error(`rules have errors (last good rules kept):\n${rules.errors.join('\n')}`);
    this.log.info(`rules: ${rules.ruleCount} rules from ${rules.files.length} files, ${rules.engine} matcher (${rules.engineReason})`);
    this.engine = engine;
    this.watcher.sync();
    if (Array.isArray(programs)) this.addShims(programs);
    return engine;
  }

  /** Called after each evaluation: picks up repo rule files the engine started to use, at most once a second. */
  afterEvaluate(): void {
    const now = Date.now();
    if (now >= this.nextSync) {
      this.nextSync = now + 1000;
      this.watcher?.sync();
    }
  }

  reload(files: string[]): void {
    const engine = this.engine;
    if (!engine) return;
    engine.invalidate();
    const programs = safe(() => engine.programs());
    const rules = safe(() => engine.status());
    const errors = typeof rules === 'string' ? [rules] : rules.errors;
    this.lastReload = { at: new Date().toISOString(), files, errors };
    if (files.includes(this.p.config)) this.readConfig();
    if (errors.length > 0) this.log.error(`rules reloaded with errors (last good rules kept):\n${errors.join('\n')}`);
    else this.log.info(`rules reloaded (${files.join(', ')})`);
    if (Array.isArray(programs)) this.addShims(programs);
  }

  status(): Record<string, unknown> {
    return {
      rules: this.engine ? safe(() => this.engine!.status()) : this.loadError ? `failed to load: ${this.loadError}` : 'loading',
      watched: this.watcher?.watched() ?? [],
      lastReload: this.lastReload,
      configError: this.configError,
    };
  }

  close(): void {
    this.watcher?.close();
  }

  private loadConfig: ((file: string) => Config) | undefined;
  /** The settings in force: the last valid config.yaml (defaults until it has been read). */
  config: Config | undefined;

  private readConfig(): void {
    if (!this.loadConfig) return;
    try {
      this.config = this.loadConfig(this.p.config);
      this.configError = null;
    } catch (err) {
      this.configError = (err as Error).message;
      this.log.error(`config: ${this.configError}`);
    }
  }

  /** Adds shims for newly guarded programs (never removes: `safeshell refresh` does, with the user's cwd). */
  private addShims(programs: string[]): void {
    try {
      const r = linkPrograms(this.p.shims, programs, { removeStale: false });
      if (r.added.length > 0) this.log.info(`shims added: ${r.added.join(' ')}`);
    } catch (err) {
      this.log.debug(`shims not updated: ${(err as Error).message}`);
    }
  }
}

function safe<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

function safeList(fn: () => string[]): string[] {
  const r = safe(fn);
  return Array.isArray(r) ? r : [];
}
