// The engine facade: rules layered for a working directory, command analysis, matching, verdict.
// Files are re-checked at most once a second (and at once after invalidate(), which the daemon's watchers call);
// a broken file keeps its last good version and its errors are reported by status().
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzeArgv, analyzeLine } from './analyze/index.js';
import type { Analysis } from './analyze/types.js';
import { LiveFacts } from './context/facts.js';
import type { Decision, EvalRequest } from './engine-types.js';
import type { RuleError } from './errors.js';
import { checkPattern } from './match/dialect.js';
import { judge } from './match/evaluate.js';
import { expandRedirect } from './match/redirect.js';
import { createMatcher } from './match/select-matcher.js';
import { nativeMode, type NativeMode } from './native/load.js';
import { paths, REPO_RULES_RELATIVE } from './paths.js';
import { compileRules, type CompiledRuleSet } from './rules/compile.js';
import { checkExamples } from './rules/examples.js';
import { mergeLayers, readRulesFile } from './rules/load.js';
import { loadBuiltinPack, PACK_CACHE } from './rules/pack-cache.js';
import type { ParsedFile } from './rules/schema.js';

export interface EngineOptions {
  /** ~/.safeshell or $SAFESHELL_HOME: global rules are read from <home>/rules.yaml. */
  home: string;
  native?: NativeMode;
  /** Directory of the built-in pack (tests point it elsewhere). */
  builtinDir?: string;
  /** Which rule examples to check when a rule set is built: the global and repo files' (default), all, or none.
   *  The built-in pack's examples are checked by the test suite and `safeshell rules test`. */
  checkExamples?: 'user' | 'all' | 'none';
}

export interface RulesStatus {
  /** Files currently in use (built-in pack files, global, repo files seen so far). */
  files: string[];
  /** One line per problem, `file:line:col: rule 'x': message`; a broken file keeps its last good rules. */
  errors: string[];
  warnings: string[];
  ruleCount: number;
  engine: 'js' | 'native';
  /** Why this regex engine is used. */
  engineReason: string;
}

/** A rule set ready to judge, with what it was built from. */
export interface ActiveRules {
  compiled: CompiledRuleSet;
  files: string[];
  errors: RuleError[];
  warnings: string[];
}

interface CachedFile {
  signature: string;
  checkedAt: number;
  current: ParsedFile;
  /** The last version that parsed without errors (used while the current one is broken). */
  good: ParsedFile | undefined;
}

const RECHECK_MS = 1000;

export const UNPARSED_RULE = 'safeshell-unparsed-command';
const UNPARSED_MESSAGE =
  'This command line could not be parsed completely (unbalanced quotes or brackets?), so it needs the user\'s approval. Fix the quoting and try again.';

export class Engine {
  private readonly mode: NativeMode;
  private readonly globalPath: string;
  private builtin: ParsedFile[] | undefined;
  private readonly files = new Map<string, CachedFile>();
  private readonly repoOf = new Map<string, { path: string | null; at: number }>();
  private readonly sets = new Map<string, ActiveRules>();
  private readonly exampleErrors = new Map<string, RuleError[]>();
  private lastActive: ActiveRules | undefined;

  constructor(readonly options: EngineOptions) {
    this.mode = options.native ?? nativeMode();
    this.globalPath = paths(options.home).globalRules;
  }

  static create(options: EngineOptions): Engine {
    return new Engine(options);
  }

  /** HOT PATH (bench/evaluate.bench.js): judge one request. Throws only on an internal fault (callers apply the fail policy). */
  evaluate(req: EvalRequest): Decision {
    const active = this.rulesFor(req.cwd);
    const analysis = this.analyze(req);
    const facts = new LiveFacts(req.cwd, req.env ?? {});
    const { rule, command } = judge(active.compiled, analysis.commands, facts, req.context);
    const engine = active.compiled.matcher.engine;
    if (rule === null || command === null) {
      // A line the analyzer could not fully parse was judged by its whitespace words; an agent's such line that
      // no rule caught still goes to a human, since the shell may read it differently (a person's runs).
      if (!analysis.complete && req.context === 'ai') return { verdict: 'require_approval', rule: UNPARSED_RULE, message: UNPARSED_MESSAGE, command: null, engine };
      return { verdict: 'allow', rule: null, message: null, command: null, engine };
    }
    const decision: Decision = { verdict: rule.rule.action, rule: rule.rule.name, message: rule.rule.message, command: command.text, engine };
    if (rule.rule.action === 'redirect' && rule.rule.redirectTo) decision.redirectTo = expandRedirect(rule.rule.redirectTo, command);
    return decision;
  }

  analyze(req: EvalRequest): Analysis {
    return req.argv && req.argv.length > 0 ? analyzeArgv(req.argv) : analyzeLine(req.command ?? '');
  }

  /** The layered, compiled rules that apply in `cwd`. */
  rulesFor(cwd: string, now: number = Date.now()): ActiveRules {
    const builtin = this.builtinPack();
    const global = this.file(this.globalPath, 'global', now);
    const repoPath = this.repoRulesPath(cwd, now);
    const repo = repoPath ? this.file(repoPath, 'repo', now) : undefined;
    const key = `${global?.signature ?? '-'}|${repoPath ?? ''}|${repo?.signature ?? '-'}`;
    let active = this.sets.get(key);
    if (!active) {
      active = this.build(builtin, global, repo);
      if (this.sets.size >= 64) this.sets.clear();
      this.sets.set(key, active);
    }
    this.lastActive = active;
    return active;
  }

  /** Drop cached rules and lookups so the next request re-reads every file (reload on change). */
  invalidate(): void {
    for (const f of this.files.values()) f.checkedAt = 0;
    this.repoOf.clear();
  }

  /** Files whose change should trigger invalidate(): the global rules and every repo rules file seen so far. */
  watchedFiles(): string[] {
    return [this.globalPath, ...[...this.files.keys()].filter((p) => p !== this.globalPath)];
  }

  status(cwd?: string): RulesStatus {
    const active = cwd !== undefined ? this.rulesFor(cwd) : (this.lastActive ?? this.rulesFor(this.options.home));
    return {
      files: active.files,
      errors: active.errors.map((e) => e.message),
      warnings: active.warnings,
      ruleCount: active.compiled.rules.length,
      engine: active.compiled.matcher.engine,
      engineReason: active.compiled.matcherReason,
    };
  }

  /** Program names the rules for `cwd` (default: built-in + global) guard: one shim each. */
  programs(cwd?: string): string[] {
    return [...this.rulesFor(cwd ?? this.options.home).compiled.programs];
  }

  private builtinPack(): ParsedFile[] {
    this.builtin ??= loadBuiltinPack(checkPattern, this.options.builtinDir, this.options.builtinDir ? null : PACK_CACHE).files;
    return this.builtin;
  }

  private build(builtin: ParsedFile[], global: CachedFile | undefined, repo: CachedFile | undefined): ActiveRules {
    const use = (f: CachedFile | undefined): ParsedFile | undefined => (f ? (f.current.errors.length === 0 ? f.current : f.good) : undefined);
    const merged = mergeLayers(builtin, use(global), use(repo));
    const compiled = compileRules(merged.rules, (specs) => createMatcher(specs, this.mode));
    const errors: RuleError[] = [...builtin.flatMap((f) => f.errors), ...(global?.current.errors ?? []), ...(repo?.current.errors ?? []), ...merged.errors];
    const warnings = [...merged.warnings];
    for (const f of [global, repo]) {
      if (f && f.current.errors.length > 0) warnings.push(`${f.current.path}: has errors; ${f.good ? 'its last good version is in use' : 'ignored until fixed'}`);
    }
    const which = this.options.checkExamples ?? 'user';
    if (which !== 'none') errors.push(...this.examples(compiled, which === 'all' ? builtin : [], use(global), use(repo)));
    const files = [...builtin.map((f) => f.path), ...(global && global.signature !== 'missing' ? [global.current.path] : []), ...(repo ? [repo.current.path] : [])];
    return { compiled, files, errors, warnings };
  }

  /** Example failures, computed once per file version. */
  private examples(compiled: CompiledRuleSet, ...layers: Array<ParsedFile | ParsedFile[] | undefined>): RuleError[] {
    const out: RuleError[] = [];
    for (const f of layers.flat()) {
      if (!f || f.exampleCases.size === 0) continue;
      const key = `${f.path}\0${this.files.get(f.path)?.signature ?? 'builtin'}`;
      let errs = this.exampleErrors.get(key);
      if (!errs) {
        errs = checkExamples(compiled, f.exampleCases, new Set([f.path]));
        this.exampleErrors.set(key, errs);
      }
      out.push(...errs);
    }
    return out;
  }

  private file(path: string, layer: 'global' | 'repo', now: number): CachedFile | undefined {
    let cached = this.files.get(path);
    if (cached && now - cached.checkedAt < RECHECK_MS) return cached.signature === 'missing' ? undefined : cached;
    const signature = fileSignature(path);
    if (!cached || cached.signature !== signature) {
      const current: ParsedFile = signature === 'missing' ? emptyFile(path) : readRulesFile(path, layer, checkPattern);
      const good = current.errors.length === 0 ? current : cached?.good;
      cached = { signature, checkedAt: now, current, good };
      this.files.set(path, cached);
    } else cached.checkedAt = now;
    return signature === 'missing' ? undefined : cached;
  }

  /** The nearest `.safeshell/rules.yaml` at or above cwd (never the global file itself), cached briefly. */
  private repoRulesPath(cwd: string, now: number): string | null {
    const hit = this.repoOf.get(cwd);
    if (hit && now - hit.at < RECHECK_MS) return hit.path;
    let found: string | null = null;
    for (let dir = resolve(cwd); dir !== dirname(dir); dir = dirname(dir)) {
      const candidate = join(dir, REPO_RULES_RELATIVE);
      if (candidate !== this.globalPath && fileSignature(candidate) !== 'missing') {
        found = candidate;
        break;
      }
    }
    if (this.repoOf.size >= 1024) this.repoOf.clear();
    this.repoOf.set(cwd, { path: found, at: now });
    return found;
  }
}

function fileSignature(path: string): string {
  try {
    const st = statSync(path);
    return st.isFile() ? `${st.ino}:${st.size}:${st.mtimeMs}` : 'missing';
  } catch {
    return 'missing';
  }
}

function emptyFile(path: string): ParsedFile {
  return { path, rules: [], overrides: [], errors: [], exampleCases: new Map() };
}
