// Interpreter one-liners (python -c, node -e, perl -e, ruby -e, awk PROGRAM, php -r): find the code, then the
// commands it hands to a shell or exec (code-scan.ts). Code on stdin (heredoc, here-string, piped echo) counts too.
import type { Frame, State } from './context.js';
import { withVia } from './context.js';
import { analyzeScript, emitCommand } from './core.js';
import type { Lang } from './code-scan.js';
import { extractCommands } from './code-scan.js';
import { stdinScript } from './shells.js';
import type { Redir, Word } from './words.js';
import { isLiteral, litWord, optionWord, valueOf } from './words.js';

const PYTHON = /^(?:python[0-9.]*|pypy[0-9.]*)$/;
const PERL = /^perl[0-9.]*$/;
const PHP = /^php[0-9.]*$/;
const FIXED = new Map<string, Lang>([
  ['node', 'node'], ['nodejs', 'node'], ['bun', 'node'], ['deno', 'node'], ['ruby', 'ruby'], ['jruby', 'ruby'],
  ['awk', 'awk'], ['gawk', 'awk'], ['mawk', 'awk'], ['nawk', 'awk'],
]);

export function langOf(program: string): Lang | null {
  const fixed = FIXED.get(program);
  if (fixed !== undefined) return fixed;
  if (program.charCodeAt(0) !== 112) return null; // every pattern below starts with 'p'
  return PYTHON.test(program) ? 'python' : PERL.test(program) ? 'perl' : PHP.test(program) ? 'php' : null;
}

interface CodeSpec {
  /** Short options whose argument is the code (`-c`, `-e`). */
  code: string;
  longCode: readonly string[];
  /** Short options taking the next word (or the rest of the group) as an argument. */
  arg: string;
  longArg: readonly string[];
  /** Options after which there is no inline code (`-m module`, `-f file`). */
  stop: string;
  /** Several code options may be given (perl -e, ruby -e). */
  many: boolean;
}

const SPECS: Record<Lang, CodeSpec> = {
  python: { code: 'c', longCode: [], arg: 'WXQ', longArg: ['--check-hash-based-pycs'], stop: 'm', many: false },
  node: {
    code: 'ep', longCode: ['--eval', '--print'], arg: 'rC',
    longArg: ['--require', '--import', '--loader', '--experimental-loader', '--conditions', '--input-type', '--title'], stop: '', many: false,
  },
  perl: { code: 'eE', longCode: [], arg: 'IMmdDiFlx0C', longArg: [], stop: '', many: true },
  ruby: { code: 'e', longCode: [], arg: 'rICEFKTWx0', longArg: ['--encoding', '--external-encoding', '--internal-encoding'], stop: '', many: true },
  awk: { code: 'e', longCode: ['--source'], arg: 'Fv', longArg: ['--assign', '--field-separator'], stop: 'f', many: true },
  php: { code: 'rBRE', longCode: [], arg: 'dcz', longArg: [], stop: 'f', many: true },
};

interface Found { codes: Word[]; flag: string; stdin: boolean }

/** The code words of an interpreter command line; `stdin` when the code comes from standard input. */
function findCode(lang: Lang, fields: readonly Word[]): Found {
  const spec = SPECS[lang];
  const codes: Word[] = [];
  let flag = '';
  let i = 1;
  if (lang === 'node' && fields[1] !== undefined && valueOf(fields[1]) === 'eval') {
    const code = fields.slice(2).find((w) => !valueOf(w).startsWith('-')); // deno eval [opts] CODE
    return { codes: code === undefined ? [] : [code], flag: 'eval', stdin: false };
  }
  for (; i < fields.length; i++) {
    const v = optionWord(fields, i);
    if (v === null) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v[1] === '-') {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      if (spec.longCode.includes(name)) {
        const c = eq >= 0 ? litWord(v.slice(eq + 1)) : fields[++i];
        if (c !== undefined) codes.push(c);
        flag = name;
        if (!spec.many) return { codes, flag, stdin: false };
      } else if (eq < 0 && spec.longArg.includes(name)) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      if (spec.stop.includes(ch)) return { codes, flag, stdin: false };
      const rest = v.slice(j + 1);
      if (spec.code.includes(ch)) {
        const c = rest !== '' && !(lang === 'node' && spec.code.includes(rest)) ? litWord(rest) : fields[++i];
        if (c !== undefined) codes.push(c);
        flag = '-' + ch;
        if (!spec.many) return { codes, flag, stdin: false };
        break;
      }
      if (lang === 'perl' && 'l0C'.includes(ch)) {
        while (j + 1 < v.length && v[j + 1]! >= '0' && v[j + 1]! <= '9') j++; // -l[octal], -0[octal], -C[number]
        continue;
      }
      if (spec.arg.includes(ch)) {
        if (rest === '' && !(lang === 'perl' || (lang === 'ruby' && 'KTWx0'.includes(ch)))) i++;
        break;
      }
    }
  }
  if (codes.length > 0) return { codes, flag, stdin: false };
  if (lang === 'awk') {
    const prog = fields[i];
    return { codes: prog === undefined ? [] : [prog], flag: '', stdin: false };
  }
  const operand = fields[i];
  return { codes, flag, stdin: operand === undefined || valueOf(operand) === '-' };
}

/** Text of a code word: the shell expands `$…` before the interpreter sees it, so expansions make it dynamic. */
function codeText(w: Word): { text: string; dyn: boolean } {
  if (isLiteral(w)) return { text: valueOf(w), dyn: false };
  let text = '';
  for (const p of w.parts) text += p.k === 'lit' ? p.v : p.raw;
  return { text, dyn: true };
}

export function interpreter(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame, program: string): void {
  const lang = langOf(program);
  if (lang === null) return;
  const found = findCode(lang, fields);
  const sources: { text: string; dyn: boolean; label: string }[] = [];
  for (const w of found.codes) {
    const c = codeText(w);
    sources.push({ ...c, label: found.flag === '' ? program : program + ' ' + found.flag });
  }
  if (found.stdin) {
    const s = stdinScript(redirs, st, fr, program);
    if (s !== null) sources.push({ text: s.text, dyn: s.dyn, label: s.label });
  }
  for (const src of sources) {
    for (const hit of extractCommands(lang, src.text)) {
      const f2 = { ...withVia(fr, src.label, fr.dyn || src.dyn || hit.dyn), stdin: null, positional: null };
      if ('line' in hit) analyzeScript(hit.line, st, f2);
      else emitCommand(hit.argv.map(litWord), [], st, f2);
    }
  }
}
