// What the daemon remembers between requests, all in memory (nothing survives a restart):
// - answers "for N minutes" (approval_memory_ttl_seconds), keyed by session + rule + program: finer than the
//   original's (rule, first word), so approving `git push --force` under one rule never passes `git reset --hard`
//   under another, nor another program under the same rule;
// - approvals given for a whole command line (an agent hook, the $SHELL -c wrapper), keyed by session +
//   simple-command text, for HOOK_MEMORY_MS, so its programs are not asked about again when they reach the shims.

/** How long a command-line approval (hook, wrapper) covers the same simple commands reaching a shim. */
export const HOOK_MEMORY_MS = 120_000;
const MAX_ENTRIES = 10_000;

export type Remembered = 'approve' | 'deny';

interface Entry {
  value: Remembered;
  /** Monotonic-ish wall clock ms; Infinity = until restart. */
  expiresAt: number;
}

class TtlMap {
  private readonly map = new Map<string, Entry>();

  get(key: string, now: number): Remembered | null {
    const e = this.map.get(key);
    if (!e) return null;
    if (e.expiresAt <= now) {
      this.map.delete(key);
      return null;
    }
    return e.value;
  }

  set(key: string, value: Remembered, expiresAt: number, now: number): void {
    if (this.map.size >= MAX_ENTRIES) this.prune(now);
    // Still full of live entries: drop the oldest (Map keeps insertion order).
    if (this.map.size >= MAX_ENTRIES) this.map.delete(this.map.keys().next().value!);
    this.map.delete(key);
    this.map.set(key, { value, expiresAt });
  }

  prune(now: number): void {
    for (const [k, e] of this.map) if (e.expiresAt <= now) this.map.delete(k);
  }

  get size(): number {
    return this.map.size;
  }
}

const key = (...parts: string[]): string => parts.join('\0');

export class ApprovalMemory {
  private readonly answers = new TtlMap();
  private readonly hook = new TtlMap();

  /** An earlier "for N minutes" answer for this session, rule and program. */
  answerFor(session: string, rule: string, program: string, now = Date.now()): Remembered | null {
    return this.answers.get(key(session, rule, program), now);
  }

  /** Remembers an answer; the opposite answer for the same key is replaced. ttlSeconds 0 = until restart. */
  rememberAnswer(session: string, rule: string, program: string, value: Remembered, ttlSeconds: number, now = Date.now()): void {
    this.answers.set(key(session, rule, program), value, ttlSeconds > 0 ? now + ttlSeconds * 1000 : Infinity, now);
  }

  /** Whether a hook approval covers this simple command in this session. */
  hookApproved(session: string, commandText: string, now = Date.now()): boolean {
    return this.hook.get(key(session, commandText), now) === 'approve';
  }

  /** After a hook's command was approved: every simple command of it is covered for HOOK_MEMORY_MS. */
  rememberHookApproval(session: string, commandTexts: readonly string[], now = Date.now()): void {
    for (const text of commandTexts) this.hook.set(key(session, text), 'approve', now + HOOK_MEMORY_MS, now);
  }

  prune(now = Date.now()): void {
    this.answers.prune(now);
    this.hook.prune(now);
  }

  /** True when nothing at all is remembered (then no lookup can hit). */
  empty(): boolean {
    return this.answers.size === 0 && this.hook.size === 0;
  }

  stats(): { answers: number; hook: number } {
    return { answers: this.answers.size, hook: this.hook.size };
  }
}
