// Reads rules files (the only place that parses YAML) and merges the layers:
// built-in pack < global ~/.safeshell/rules.yaml (+ overrides of built-ins) < nearest repo .safeshell/rules.yaml.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuleError } from '../errors.js';
import { packageRoot } from '../native/load.js';
import { isBlankYaml, yaml } from './yaml-lazy.js';
import { validateDocument, type ParsedFile, type PatternChecker } from './schema.js';
import type { Layer, Rule } from './types.js';

export const BUILTIN_PACK_DIR = join(packageRoot, 'rules', 'pack');

export function parseRulesText(text: string, file: string, layer: Layer, check: PatternChecker): ParsedFile {
  if (isBlankYaml(text)) return { path: file, rules: [], overrides: [], errors: [], exampleCases: new Map() };
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return validateDocument(doc, lines, file, layer, check);
}

export function readRulesFile(file: string, layer: Layer, check: PatternChecker): ParsedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const error = new RuleError('E_RULE_SCHEMA', `cannot read rules file (${reason})`, { file, line: 1, col: 1 });
    return { path: file, rules: [], overrides: [], errors: [error], exampleCases: new Map() };
  }
  return parseRulesText(text, file, layer, check);
}

/** The built-in pack: every *.yaml in rules/pack, in file-name order (the order decides ties). */
export function readBuiltinPack(check: PatternChecker, dir: string = BUILTIN_PACK_DIR): ParsedFile[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  return names.map((n) => readRulesFile(join(dir, n), 'builtin', check));
}

export interface MergedRules {
  rules: Rule[];
  errors: RuleError[];
  /** Human-readable, with file:line:col. */
  warnings: string[];
}

/**
 * Merges layers in order. Files that failed to parse should already have been replaced by their last good
 * version by the caller; here every file's own errors are passed through for reporting.
 */
export function mergeLayers(builtin: ParsedFile[], global: ParsedFile | undefined, repo: ParsedFile | undefined): MergedRules {
  const errors: RuleError[] = [];
  const warnings: string[] = [];
  const byName = new Map<string, Rule>();
  const rules: Rule[] = [];
  const add = (rule: Rule): void => {
    const prev = byName.get(rule.name);
    if (prev) {
      const where = `${prev.location.file}:${prev.location.line}`;
      const hint = prev.layer === 'builtin' && rule.layer === 'global' ? "; to change a built-in rule use 'overrides:'" : '';
      errors.push(new RuleError('E_RULE_SCHEMA', `duplicate rule name (first defined at ${where})${hint}`, rule.location, rule.name));
      return;
    }
    byName.set(rule.name, rule);
    rules.push(rule);
  };
  for (const file of builtin) for (const rule of file.rules) add(rule);
  if (global) {
    for (const o of global.overrides) {
      const target = byName.get(o.name);
      if (!target || target.layer !== 'builtin') {
        const known = builtin.flatMap((f) => f.rules.map((r) => r.name));
        const close = known.filter((n) => n.includes(o.name) || o.name.includes(n)).slice(0, 5);
        const hint = close.length ? ` (did you mean: ${close.join(', ')}?)` : ` (see \`safeshell rules list\`)`;
        errors.push(new RuleError('E_RULE_SCHEMA', `override names no built-in rule${hint}`, o.location, o.name));
        continue;
      }
      const changed: Rule = { ...target };
      if (o.action) changed.action = o.action;
      if (o.context) changed.context = o.context;
      if (o.message) changed.message = o.message;
      const idx = rules.indexOf(target);
      if (o.disabled) {
        rules.splice(idx, 1);
        byName.delete(o.name);
      } else {
        rules[idx] = changed;
        byName.set(o.name, changed);
      }
    }
    for (const rule of global.rules) add(rule);
  }
  if (repo) {
    for (const o of repo.overrides) {
      warnings.push(`${o.location.file}:${o.location.line}:${o.location.col}: override of '${o.name}' refused: a repository's rules can only add restrictions`);
    }
    for (const rule of repo.rules) {
      if (rule.action === 'redirect') {
        warnings.push(`${rule.location.file}:${rule.location.line}:${rule.location.col}: rule '${rule.name}' refused: a repository's rules cannot redirect commands`);
        continue;
      }
      add(rule);
    }
  }
  return { rules, errors, warnings };
}
