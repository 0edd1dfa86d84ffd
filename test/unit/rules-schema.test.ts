// Schema errors: every problem is one line naming file:line:col and the rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPattern } from '../../src/match/dialect.js';
import { parseRulesText } from '../../src/rules/load.js';

const parse = (text: string) => parseRulesText(text, 'r.yaml', 'global', checkPattern);
const messages = (text: string): string[] => parse(text).errors.map((e) => e.message);

const GOOD = `rules:
  - name: no-touch
    commands: [touch]
    conditions:
      - command_contains: marker
      - not: { command_matches: 'keep' }
    action: deny
    message: no
`;

test('a valid file parses into rules with locations', () => {
  const f = parse(GOOD);
  assert.deepEqual(f.errors, []);
  assert.equal(f.rules.length, 1);
  assert.equal(f.rules[0]!.name, 'no-touch');
  assert.equal(f.rules[0]!.context, 'all');
  assert.deepEqual(f.rules[0]!.location, { file: 'r.yaml', line: 2, col: 5 });
  assert.deepEqual(f.rules[0]!.conditions[1], { type: 'not', condition: { type: 'command_matches', pattern: 'keep' } });
});

test('an empty file is valid', () => {
  assert.deepEqual(messages(''), []);
  assert.deepEqual(messages('rules:\n'), []);
});

const BAD: Array<[string, string, RegExp]> = [
  ['unknown rule key', 'rules:\n  - name: a\n    commands: [x]\n    action: deny\n    message: m\n    pattern: foo\n', /^r\.yaml:6:5: rule 'a': unknown key 'pattern'/],
  ['unknown condition', 'rules:\n  - name: a\n    commands: [x]\n    conditions:\n      - command_regex: x\n    action: deny\n    message: m\n', /^r\.yaml:5:9: rule 'a': unknown condition type 'command_regex'/],
  ['two keys in one condition', 'rules:\n  - name: a\n    commands: [x]\n    conditions:\n      - { command_contains: x, command_startswith: y }\n    action: deny\n    message: m\n', /^r\.yaml:5:9: rule 'a': each condition is a mapping with exactly one key/],
  ['bad regex', "rules:\n  - name: a\n    commands: [x]\n    conditions:\n      - command_matches: '(unclosed'\n    action: deny\n    message: m\n", /^r\.yaml:5:26: rule 'a': bad regex in 'command_matches'/],
  ['backreference', "rules:\n  - name: a\n    commands: [x]\n    conditions:\n      - command_matches: '(a)\\1'\n    action: deny\n    message: m\n", /rule 'a': bad regex/],
  ['lookahead', "rules:\n  - name: a\n    commands: [x]\n    conditions:\n      - command_matches: 'a(?!b)'\n    action: deny\n    message: m\n", /rule 'a': bad regex/],
  ['bad action', 'rules:\n  - name: a\n    commands: [x]\n    action: block\n    message: m\n', /^r\.yaml:4:13: rule 'a': 'action' must be one of allow, deny, require_approval, redirect/],
  ['missing message', 'rules:\n  - name: a\n    commands: [x]\n    action: deny\n', /rule 'a': missing required key 'message'/],
  ['redirect without target', 'rules:\n  - name: a\n    commands: [x]\n    action: redirect\n    message: m\n', /rule 'a': action 'redirect' needs 'redirect_to'/],
  ['redirect_to on deny', 'rules:\n  - name: a\n    commands: [x]\n    action: deny\n    redirect_to: [y]\n    message: m\n', /'redirect_to' only applies to action 'redirect'/],
  ['impossible git combination', 'rules:\n  - name: a\n    commands: [git]\n    conditions:\n      - in_git_repo: false\n      - git_branch_in: [main]\n    action: deny\n    message: m\n', /can never match/],
  ['path in commands', 'rules:\n  - name: a\n    commands: [/bin/rm]\n    action: deny\n    message: m\n', /must be a bare program name/],
  ['bad context', 'rules:\n  - name: a\n    commands: [x]\n    action: deny\n    context: agents\n    message: m\n', /'context' must be one of all, ai_only, human_only/],
  ['invalid yaml', 'rules:\n  - name: [\n', /^r\.yaml:\d+:\d+: invalid YAML/],
  ['top-level typo', 'rule:\n  - name: a\n', /unknown key 'rule' in the rules file/],
  ['override that changes nothing', 'overrides:\n  - name: approve-sudo\n', /an override must disable the rule or change/],
];

for (const [what, text, expected] of BAD) {
  test(`load error: ${what}`, () => {
    const errs = messages(text);
    assert.ok(errs.length >= 1, 'expected an error');
    assert.match(errs[0]!, expected);
    for (const e of errs) assert.doesNotMatch(e, /\n/, 'one line per error');
  });
}

test('examples may be strings or objects with a branch', () => {
  const f = parse(`rules:
  - name: a
    commands: [git]
    conditions: [{ git_branch_in: [main] }]
    action: deny
    message: m
    examples:
      match: [{ command: git commit, branch: main }]
      no_match: [git commit]
`);
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.exampleCases.get('a'), { match: [{ command: 'git commit', branch: 'main', context: 'ai' }], noMatch: [{ command: 'git commit' }] });
});
