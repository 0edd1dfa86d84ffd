// Validates one parsed rules document into Rule/Override objects. Every problem becomes a RuleError naming
// file:line:col and the rule; unknown keys, bad types and impossible combinations are errors, never dropped.
import type { Document, LineCounter, Node as YamlNode, YAMLMap } from 'yaml';
import { yaml } from './yaml-lazy.js';
import { RuleError, type SourceLocation } from '../errors.js';
import type { Action, Condition, Layer, Override, Rule, RuleContext, RuleExamples, RulesFile } from './types.js';

const ACTIONS: readonly Action[] = ['allow', 'deny', 'require_approval', 'redirect'];
const CONTEXTS: readonly RuleContext[] = ['all', 'ai_only', 'human_only'];
const RULE_KEYS = ['name', 'commands', 'conditions', 'directory', 'action', 'redirect_to', 'context', 'message', 'examples'];
const OVERRIDE_KEYS = ['name', 'disabled', 'action', 'message', 'context'];
export const CONDITION_TYPES = [
  'command_matches', 'command_contains', 'command_startswith', 'git_branch_in', 'git_branch_matches',
  'in_git_repo', 'path_matches', 'file_exists', 'env_equals', 'piped_from', 'not',
] as const;
const Y = yaml;
const NAME_RE = /^[a-z0-9][a-z0-9_.-]*$/i;

/** An example is a command line, optionally with the facts it should be judged under. */
export interface ExampleCase {
  command: string;
  branch?: string;
  context?: 'ai' | 'human';
}

/** Returns why a pattern is outside the rule regex dialect (docs/regex-dialect.md), or null. */
export type PatternChecker = (source: string) => string | null;

/** Collects errors instead of stopping at the first, so `rules validate` reports them all. */
class Validator {
  readonly errors: RuleError[] = [];
  constructor(readonly file: string, readonly lines: LineCounter, readonly checkPattern: PatternChecker, readonly doc: Document.Parsed) {}

  pattern(node: YamlNode | null | undefined, source: string, what: string, rule: string | undefined): string | undefined {
    const problem = this.checkPattern(source);
    if (problem === null) return source;
    this.fail(node, `bad regex in '${what}' ${JSON.stringify(source)}: ${problem}`, rule, 'E_RULE_PATTERN');
    return undefined;
  }

  at(node: YamlNode | null | undefined): SourceLocation {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, col: pos.col };
  }

  fail(node: YamlNode | null | undefined, message: string, rule?: string, code: 'E_RULE_SCHEMA' | 'E_RULE_PATTERN' = 'E_RULE_SCHEMA'): void {
    this.errors.push(new RuleError(code, message, this.at(node), rule));
  }

  string(map: YAMLMap, key: string, rule: string | undefined, required: boolean): string | undefined {
    const node = map.get(key, true) as YamlNode | undefined;
    if (node === undefined) {
      if (required) this.fail(map, `missing required key '${key}'`, rule);
      return undefined;
    }
    if (!Y().isScalar(node) || typeof node.value !== 'string' || node.value.length === 0) {
      this.fail(node, `'${key}' must be a non-empty string`, rule);
      return undefined;
    }
    return node.value;
  }

  stringList(node: YamlNode | undefined, key: string, rule: string | undefined): string[] | undefined {
    if (Y().isAlias(node)) node = node.resolve(this.doc) as YamlNode | undefined;
    if (!Y().isSeq(node) || node.items.length === 0) {
      this.fail(node, `'${key}' must be a non-empty list of strings`, rule);
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (!Y().isScalar(item) || typeof item.value !== 'string' || item.value.length === 0) {
        this.fail(item as YamlNode, `'${key}' entries must be non-empty strings`, rule);
        return undefined;
      }
      out.push(item.value);
    }
    return out;
  }

  oneOf<T extends string>(map: YAMLMap, key: string, values: readonly T[], rule: string | undefined, fallback?: T): T | undefined {
    const node = map.get(key, true) as YamlNode | undefined;
    if (node === undefined) {
      if (fallback === undefined) this.fail(map, `missing required key '${key}' (one of ${values.join(', ')})`, rule);
      return fallback;
    }
    if (!Y().isScalar(node) || !values.includes(node.value as T)) {
      this.fail(node, `'${key}' must be one of ${values.join(', ')}, got ${JSON.stringify(Y().isScalar(node) ? node.value : 'a collection')}`, rule);
      return undefined;
    }
    return node.value as T;
  }

  unknownKeys(map: YAMLMap, allowed: readonly string[], what: string, rule: string | undefined): void {
    for (const pair of map.items) {
      const key = Y().isScalar(pair.key) ? String(pair.key.value) : '?';
      if (!allowed.includes(key)) {
        this.fail(pair.key as YamlNode, `unknown key '${key}' in ${what} (allowed: ${allowed.join(', ')})`, rule);
      }
    }
  }
}

export interface ParsedFile extends RulesFile {
  errors: RuleError[];
  /** Per rule name: example cases, kept apart from Rule so evaluation stays lean. */
  exampleCases: Map<string, { match: ExampleCase[]; noMatch: ExampleCase[] }>;
}

export function validateDocument(doc: Document.Parsed, lines: LineCounter, file: string, layer: Layer, checkPattern: PatternChecker): ParsedFile {
  const v = new Validator(file, lines, checkPattern, doc);
  const result: ParsedFile = { path: file, rules: [], overrides: [], errors: v.errors, exampleCases: new Map() };
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    v.errors.push(new RuleError('E_RULE_SCHEMA', `invalid YAML: ${e.message.split('\n')[0]}`, { file, line: pos?.line ?? 1, col: pos?.col ?? 1 }));
  }
  if (doc.errors.length > 0) return result;
  const root = doc.contents;
  if (root === null || (Y().isScalar(root) && (root.value === null || root.value === ''))) return result; // empty file
  if (!Y().isMap(root)) {
    v.fail(root, "a rules file is a mapping with 'rules:' and/or 'overrides:'");
    return result;
  }
  v.unknownKeys(root, ['rules', 'overrides'], 'the rules file', undefined);
  const rules = root.get('rules', true) as YamlNode | undefined;
  if (rules !== undefined && !(Y().isScalar(rules) && rules.value === null)) {
    if (!Y().isSeq(rules)) v.fail(rules, "'rules' must be a list");
    else for (const item of rules.items) {
      const rule = validateRule(v, item as YamlNode, layer, result);
      if (rule) result.rules.push(rule);
    }
  }
  const overrides = root.get('overrides', true) as YamlNode | undefined;
  if (overrides !== undefined && !(Y().isScalar(overrides) && overrides.value === null)) {
    if (!Y().isSeq(overrides)) v.fail(overrides, "'overrides' must be a list");
    else for (const item of overrides.items) {
      const o = validateOverride(v, item as YamlNode);
      if (o) result.overrides.push(o);
    }
  }
  return result;
}

function validateRule(v: Validator, node: YamlNode, layer: Layer, file: ParsedFile): Rule | undefined {
  if (!Y().isMap(node)) {
    v.fail(node, 'each rule must be a mapping');
    return undefined;
  }
  const before = v.errors.length;
  const name = v.string(node, 'name', undefined, true);
  if (name !== undefined && !NAME_RE.test(name)) v.fail(node.get('name', true) as YamlNode, `rule name '${name}' may contain only letters, digits, '.', '_' and '-'`);
  v.unknownKeys(node, RULE_KEYS, 'a rule', name);
  const commands = v.stringList(node.get('commands', true) as YamlNode | undefined, 'commands', name);
  if (commands) for (const c of commands) {
    if (c !== '*' && /[\s/]/.test(c)) v.fail(node.get('commands', true) as YamlNode, `command '${c}' must be a bare program name (no path, no spaces) or '*'`, name);
  }
  const action = v.oneOf(node, 'action', ACTIONS, name);
  const context = v.oneOf(node, 'context', CONTEXTS, name, 'all');
  const message = v.string(node, 'message', name, true);
  const directoryRaw = v.string(node, 'directory', name, false);
  const directory = directoryRaw === undefined ? undefined : v.pattern(node.get('directory', true) as YamlNode, directoryRaw, 'directory', name);
  const conditionsNode = node.get('conditions', true) as YamlNode | undefined;
  const conditions: Condition[] = [];
  if (conditionsNode !== undefined && !(Y().isScalar(conditionsNode) && conditionsNode.value === null)) {
    if (!Y().isSeq(conditionsNode)) v.fail(conditionsNode, "'conditions' must be a list", name);
    else for (const c of conditionsNode.items) {
      const cond = validateCondition(v, c as YamlNode, name);
      if (cond) conditions.push(cond);
    }
  }
  const redirectNode = node.get('redirect_to', true) as YamlNode | undefined;
  let redirectTo: string[] | undefined;
  if (redirectNode !== undefined) {
    if (Y().isScalar(redirectNode) && typeof redirectNode.value === 'string' && redirectNode.value.trim()) redirectTo = redirectNode.value.trim().split(/\s+/);
    else redirectTo = v.stringList(redirectNode, 'redirect_to', name);
  }
  if (action === 'redirect' && redirectNode === undefined) v.fail(node, "action 'redirect' needs 'redirect_to' (the argv to run instead)", name);
  if (action !== undefined && action !== 'redirect' && redirectNode !== undefined) v.fail(redirectNode, `'redirect_to' only applies to action 'redirect', not '${action}'`, name);
  checkImpossible(v, node, conditions, name);
  const examplesNode = node.get('examples', true) as YamlNode | undefined;
  let examples: RuleExamples | undefined;
  if (examplesNode !== undefined && name !== undefined) {
    const cases = validateExamples(v, examplesNode, name);
    if (cases) {
      file.exampleCases.set(name, cases);
      examples = { match: cases.match.map((c) => c.command), noMatch: cases.noMatch.map((c) => c.command) };
    }
  }
  if (v.errors.length > before || !name || !commands || !action || !context || !message) return undefined;
  const rule: Rule = { name, commands, conditions, action, context, message, layer, location: v.at(node) };
  if (directory !== undefined) rule.directory = directory;
  if (redirectTo !== undefined) rule.redirectTo = redirectTo;
  if (examples !== undefined) rule.examples = examples;
  return rule;
}

/** Combinations that can never match are mistakes worth a load error. */
function checkImpossible(v: Validator, node: YAMLMap, conditions: Condition[], name: string | undefined): void {
  const inRepo = conditions.find((c): c is Extract<Condition, { type: 'in_git_repo' }> => c.type === 'in_git_repo');
  const usesBranch = conditions.some((c) => c.type === 'git_branch_in' || c.type === 'git_branch_matches');
  if (inRepo && !inRepo.value && usesBranch) v.fail(node, "'in_git_repo: false' with a git branch condition can never match", name);
  const seen = new Map<string, string>();
  for (const c of conditions) {
    if (c.type === 'in_git_repo') {
      const prev = seen.get('in_git_repo');
      if (prev !== undefined && prev !== String(c.value)) v.fail(node, "contradictory 'in_git_repo' conditions can never match", name);
      seen.set('in_git_repo', String(c.value));
    }
  }
}

function validateCondition(v: Validator, node: YamlNode, rule: string | undefined): Condition | undefined {
  if (!Y().isMap(node) || node.items.length !== 1) {
    v.fail(node, `each condition is a mapping with exactly one key (one of ${CONDITION_TYPES.join(', ')})`, rule);
    return undefined;
  }
  const pair = node.items[0]!;
  const type = Y().isScalar(pair.key) ? String(pair.key.value) : '?';
  const value = pair.value as YamlNode | null;
  const str = (): string | undefined => {
    if (Y().isScalar(value) && typeof value.value === 'string' && value.value.length > 0) return value.value;
    v.fail(value ?? node, `'${type}' needs a non-empty string`, rule);
    return undefined;
  };
  switch (type) {
    case 'command_matches':
    case 'git_branch_matches':
    case 'path_matches': {
      const raw = str();
      const pattern = raw === undefined ? undefined : v.pattern(value, raw, type, rule);
      return pattern === undefined ? undefined : { type, pattern };
    }
    case 'command_contains':
    case 'command_startswith': {
      const s = str();
      return s === undefined ? undefined : { type, value: s };
    }
    case 'file_exists': {
      const path = str();
      return path === undefined ? undefined : { type, path };
    }
    case 'git_branch_in':
    case 'piped_from': {
      const list = v.stringList(value ?? undefined, type, rule);
      if (!list) return undefined;
      return type === 'git_branch_in' ? { type, branches: list } : { type, programs: list };
    }
    case 'in_git_repo':
      if (Y().isScalar(value) && typeof value.value === 'boolean') return { type, value: value.value };
      v.fail(value ?? node, "'in_git_repo' must be true or false", rule);
      return undefined;
    case 'env_equals': {
      if (!Y().isMap(value)) {
        v.fail(value ?? node, "'env_equals' needs { variable: NAME, value: TEXT }", rule);
        return undefined;
      }
      v.unknownKeys(value, ['variable', 'value'], 'env_equals', rule);
      const variable = v.string(value, 'variable', rule, true);
      const valNode = value.get('value', true) as YamlNode | undefined;
      if (!Y().isScalar(valNode) || valNode.value === null || typeof valNode.value === 'object') {
        v.fail(valNode ?? value, "'env_equals.value' must be a string", rule);
        return undefined;
      }
      return variable === undefined ? undefined : { type, variable, value: String(valNode.value) };
    }
    case 'not': {
      const inner = value ? validateCondition(v, value, rule) : undefined;
      if (!value) v.fail(node, "'not' needs one condition", rule);
      return inner ? { type: 'not', condition: inner } : undefined;
    }
    default:
      v.fail(pair.key as YamlNode, `unknown condition type '${type}' (known: ${CONDITION_TYPES.join(', ')})`, rule);
      return undefined;
  }
}

function validateExamples(v: Validator, node: YamlNode, rule: string): { match: ExampleCase[]; noMatch: ExampleCase[] } | undefined {
  if (!Y().isMap(node)) {
    v.fail(node, "'examples' must be a mapping with 'match' and/or 'no_match' lists", rule);
    return undefined;
  }
  v.unknownKeys(node, ['match', 'no_match'], 'examples', rule);
  const list = (key: string): ExampleCase[] => {
    const n = node.get(key, true) as YamlNode | undefined;
    if (n === undefined) return [];
    if (!Y().isSeq(n)) {
      v.fail(n, `'examples.${key}' must be a list`, rule);
      return [];
    }
    const out: ExampleCase[] = [];
    for (const item of n.items) {
      if (Y().isScalar(item) && typeof item.value === 'string') out.push({ command: item.value });
      else if (Y().isMap(item)) {
        v.unknownKeys(item, ['command', 'branch', 'context'], 'an example', rule);
        const command = v.string(item, 'command', rule, true);
        const branch = v.string(item, 'branch', rule, false);
        const context = v.oneOf(item, 'context', ['ai', 'human'] as const, rule, 'ai');
        if (command !== undefined) out.push({ command, ...(branch ? { branch } : {}), ...(context ? { context } : {}) });
      } else v.fail(item as YamlNode, 'an example is a command string or { command, branch?, context? }', rule);
    }
    return out;
  };
  return { match: list('match'), noMatch: list('no_match') };
}

function validateOverride(v: Validator, node: YamlNode): Override | undefined {
  if (!Y().isMap(node)) {
    v.fail(node, 'each override must be a mapping');
    return undefined;
  }
  const before = v.errors.length;
  const name = v.string(node, 'name', undefined, true);
  v.unknownKeys(node, OVERRIDE_KEYS, 'an override', name);
  const disabledNode = node.get('disabled', true) as YamlNode | undefined;
  let disabled: boolean | undefined;
  if (disabledNode !== undefined) {
    if (Y().isScalar(disabledNode) && typeof disabledNode.value === 'boolean') disabled = disabledNode.value;
    else v.fail(disabledNode, "'disabled' must be true or false", name);
  }
  const action = node.has('action') ? v.oneOf(node, 'action', ACTIONS.filter((a) => a !== 'redirect'), name) : undefined;
  const context = node.has('context') ? v.oneOf(node, 'context', CONTEXTS, name) : undefined;
  const message = v.string(node, 'message', name, false);
  if (!disabled && action === undefined && context === undefined && message === undefined && v.errors.length === before) {
    v.fail(node, "an override must disable the rule or change its 'action', 'context' or 'message'", name);
  }
  if (v.errors.length > before || !name) return undefined;
  const o: Override = { name, location: v.at(node) };
  if (disabled !== undefined) o.disabled = disabled;
  if (action !== undefined) o.action = action;
  if (context !== undefined) o.context = context;
  if (message !== undefined) o.message = message;
  return o;
}
