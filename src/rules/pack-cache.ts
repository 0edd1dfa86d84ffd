// The built-in pack, validated once: parsing ~120 rules of YAML and checking their regexes costs ~300 ms cold,
// so the build writes the validated result to dist/builtin-pack.json, keyed by a hash of the YAML, and the
// daemon loads that (about 1 ms). A stale or missing cache falls back to parsing (and tries to refresh it).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knownTranslations, primeTranslations, type Translation } from '../match/dialect.js';
import { packageRoot } from '../native/load.js';
import { VERSION } from '../version.js';
import { BUILTIN_PACK_DIR, parseRulesText } from './load.js';
import { anchorStart } from './compile.js';
import type { ParsedFile, PatternChecker } from './schema.js';
import type { Condition } from './types.js';

export const PACK_CACHE = join(packageRoot, 'dist', 'builtin-pack.json');

interface CacheFile {
  key: string;
  /** Regex translations of the pack's patterns (docs/regex-dialect.md), made by this Node version. */
  node: string;
  translations: Array<[string, Translation]>;
  files: Array<Omit<ParsedFile, 'errors' | 'exampleCases'> & { exampleCases: Array<[string, unknown]> }>;
}

/** Reads the pack's YAML texts (cheap) and returns them with the cache key they hash to. */
function packSources(dir: string): { key: string; sources: Array<{ path: string; text: string }> } {
  const hash = createHash('sha256').update(`${VERSION}\0cache-v2\0${process.version}`);
  const sources = readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => {
      const path = join(dir, n);
      const text = readFileSync(path, 'utf8');
      hash.update(path).update('\0').update(text).update('\0');
      return { path, text };
    });
  return { key: hash.digest('hex'), sources };
}

export interface LoadedPack {
  files: ParsedFile[];
  /** True when the files came from the build's validated cache (their examples were checked by the suite). */
  cached: boolean;
}

export function loadBuiltinPack(check: PatternChecker, dir: string = BUILTIN_PACK_DIR, cachePath: string | null = PACK_CACHE): LoadedPack {
  const { key, sources } = packSources(dir);
  if (cachePath) {
    const cached = readCache(cachePath, key);
    if (cached) return { files: cached, cached: true };
  }
  const files = sources.map((s) => parseRulesText(s.text, s.path, 'builtin', check));
  if (cachePath && files.every((f) => f.errors.length === 0)) writeCache(cachePath, key, files);
  return { files, cached: false };
}

function readCache(path: string, key: string): ParsedFile[] | null {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (data.key !== key) return null;
    if (data.node === process.version) primeTranslations(data.translations);
    return data.files.map((f) => ({ ...f, errors: [], exampleCases: new Map(f.exampleCases) as ParsedFile['exampleCases'] }));
  } catch {
    return null;
  }
}

function writeCache(path: string, key: string, files: ParsedFile[]): void {
  const data: CacheFile = { key, node: process.version, translations: knownTranslations(patternSources(files)), files: files.map(({ errors: _errors, exampleCases, ...rest }) => ({ ...rest, exampleCases: [...exampleCases] })) };
  try {
    writeFileSync(path, JSON.stringify(data));
  } catch {
    // A read-only install keeps working from the YAML; only start-up is slower.
  }
}

/** Every regex the files' rules use, as compile.ts will hand them to the matchers. */
function patternSources(files: ParsedFile[]): string[] {
  const out = new Set<string>();
  const walk = (c: Condition): void => {
    if (c.type === 'command_matches' || c.type === 'git_branch_matches' || c.type === 'path_matches') out.add(c.pattern);
    if (c.type === 'not') walk(c.condition);
  };
  for (const f of files) {
    for (const r of f.rules) {
      r.conditions.forEach(walk);
      if (r.directory !== undefined) out.add(anchorStart(r.directory));
    }
  }
  return [...out];
}
