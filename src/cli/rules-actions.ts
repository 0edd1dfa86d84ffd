// The work behind `safeshell rules …` (kept apart from argument parsing so the CLI starts fast).
import { resolve } from 'node:path';
import { LiveFacts } from '../context/facts.js';
import { Engine } from '../engine.js';
import type { RuleError } from '../errors.js';
import { checkPattern } from '../match/dialect.js';
import { explain } from '../match/explain.js';
import { createMatcher } from '../match/select-matcher.js';
import { nativeMode } from '../native/load.js';
import { safeshellHome, paths, REPO_RULES_RELATIVE } from '../paths.js';
import { compileRules } from '../rules/compile.js';
import { checkExamples } from '../rules/examples.js';
import { mergeLayers, readBuiltinPack, readRulesFile } from '../rules/load.js';
import type { ParsedFile } from '../rules/schema.js';
import { paint, verdictLabel } from './format.js';
import { cliEngine } from './in-process.js';

/** A single file checked on top of the built-in pack: schema, overrides, duplicates, regexes and examples. */
function checkOneFile(file: string): { errors: RuleError[]; warnings: string[]; parsed: ParsedFile; ruleCount: number } {
  const path = resolve(file);
  const layer = path.endsWith(REPO_RULES_RELATIVE) && path !== paths().globalRules ? 'repo' : 'global';
  const builtin = readBuiltinPack(checkPattern);
  const parsed = readRulesFile(path, layer, checkPattern);
  const merged = mergeLayers(builtin, layer === 'global' ? parsed : undefined, layer === 'repo' ? parsed : undefined);
  const errors = [...parsed.errors, ...merged.errors.filter((e) => e.location?.file === path)];
  if (parsed.errors.length === 0) {
    const set = compileRules(merged.rules, (specs) => createMatcher(specs, nativeMode()));
    errors.push(...checkExamples(set, parsed.exampleCases, new Set([path])));
  }
  return { errors, warnings: merged.warnings, parsed, ruleCount: parsed.rules.length };
}

export function validateCommand(file: string | undefined, cwd: string): number {
  if (file !== undefined) {
    const { errors, warnings, ruleCount, parsed } = checkOneFile(file);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    for (const e of errors) process.stderr.write(`${e.message}\n`);
    if (errors.length === 0) process.stdout.write(`${parsed.path}: ok (${ruleCount} rules, ${parsed.overrides.length} overrides)\n`);
    return errors.length === 0 ? 0 : 1;
  }
  const status = cliEngine().status(cwd);
  for (const w of status.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const e of status.errors) process.stderr.write(`${e}\n`);
  if (status.errors.length === 0) process.stdout.write(`ok: ${status.ruleCount} rules from ${status.files.length} files\n`);
  return status.errors.length === 0 ? 0 : 1;
}

export function listCommand(cwd: string, json: boolean): void {
  const active = cliEngine().rulesFor(cwd);
  const rows = active.compiled.rules.map(({ rule }) => ({
    name: rule.name,
    action: rule.action,
    context: rule.context,
    commands: rule.commands,
    layer: rule.layer,
    source: `${rule.location.file}:${rule.location.line}`,
    message: rule.message,
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.name.length), 4);
  for (const r of rows) {
    const cmds = r.commands.join(',');
    process.stdout.write(`${r.name.padEnd(width)}  ${verdictLabel(r.action)} ${r.context.padEnd(10)} ${r.layer.padEnd(7)} ${cmds.length > 40 ? `${cmds.slice(0, 37)}...` : cmds}\n`);
  }
  process.stdout.write(paint('dim', `${rows.length} rules\n`));
}

export function explainCommand(command: string, cwd: string, context: 'ai' | 'human', json: boolean, all = false): void {
  const engine = cliEngine();
  const active = engine.rulesFor(cwd);
  const analysis = engine.analyze({ command, cwd, context });
  const result = explain(active.compiled, analysis.commands, new LiveFacts(cwd, process.env), context);
  if (json) {
    process.stdout.write(`${JSON.stringify({ command, context, complete: analysis.complete, ...result }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${paint('bold', 'command')}  ${command}   ${paint('dim', `(context ${context}, cwd ${cwd})`)}\n`);
  if (!analysis.complete) process.stdout.write(paint('yellow', '  could not be parsed completely: judged by whitespace words\n'));
  if (result.commands.length === 0) process.stdout.write('  no simple commands found\n');
  for (const c of result.commands) {
    process.stdout.write(`\n${paint('bold', 'simple command')}  ${c.text}${c.via.length ? paint('dim', `   (inside ${c.via.join(' > ')})`) : ''}\n`);
    if (c.rules.length === 0) process.stdout.write(paint('dim', `  no rules for '${c.program}'\n`));
    for (const r of c.rules) {
      if (!r.matched && !all) continue;
      const mark = r.matched ? paint('red', 'MATCH') : paint('dim', 'no   ');
      process.stdout.write(`  ${mark} ${r.rule} ${paint('dim', `(${r.action})`)}${r.matched ? '' : paint('dim', `: ${r.reason}`)}\n`);
    }
    const unmatched = c.rules.filter((r) => !r.matched).length;
    if (!all && unmatched > 0) process.stdout.write(paint('dim', `  ${unmatched} other rule(s) for '${c.program}' did not match (--all shows why)\n`));
  }
  process.stdout.write(`\n${paint('bold', 'verdict')}  ${verdictLabel(result.verdict as 'allow')}${result.rule ? ` by ${result.rule}` : ''}\n`);
  process.stdout.write(paint('dim', `regex engine: ${result.engineReason}\n`));
}

export function testCommand(file: string | undefined, cwd: string): number {
  let errors: RuleError[];
  let count = 0;
  if (file !== undefined) {
    const checked = checkOneFile(file);
    errors = checked.errors.filter((e) => e.code === 'E_RULE_EXAMPLE' || checked.parsed.errors.length > 0);
    count = [...checked.parsed.exampleCases.values()].reduce((n, c) => n + c.match.length + c.noMatch.length, 0);
  } else {
    const engine = Engine.create({ home: safeshellHome(), checkExamples: 'all' });
    const active = engine.rulesFor(cwd);
    errors = active.errors.filter((e) => e.code === 'E_RULE_EXAMPLE');
    count = active.compiled.rules.reduce((n, r) => n + (r.rule.examples ? r.rule.examples.match.length + r.rule.examples.noMatch.length : 0), 0);
  }
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  process.stdout.write(`${count - errors.length}/${count} examples passed\n`);
  return errors.length === 0 ? 0 : 1;
}
