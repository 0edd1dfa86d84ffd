// Finds shell commands in interpreter one-liners: string literals passed to os.system, subprocess.*, execSync,
// system(), backticks, qx{}, %x{} … A literal is returned as a command line or an argv; interpolation marks it dynamic.

export type Lang = 'python' | 'node' | 'perl' | 'ruby' | 'awk' | 'php';
export type Hit = { line: string; dyn: boolean } | { argv: string[]; dyn: boolean };

type Arg = { k: 'str'; v: string; dyn: boolean } | { k: 'list'; items: Arg[] } | { k: 'other' };

const CALLS: Record<Lang, RegExp> = {
  python: /\b(system|popen|run|call|check_call|check_output|Popen|getoutput|getstatusoutput|spawn[lv]p?e?|exec[lv]p?e?|exec|eval)\s*\(/g,
  node: /\b(exec|execSync|execFile|execFileSync|spawn|spawnSync|execa|execaSync|execaCommand|execaCommandSync)\s*\(/g,
  perl: /\b(system|exec)\b\s*(\(?)/g,
  ruby: /\b(system|exec|spawn|popen|popen2|popen2e|popen3|capture2|capture2e|capture3)\b\s*(\(?)/g,
  awk: /\b(system)\s*\(/g,
  php: /\b(system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec)\s*\(/g,
};
const BACKTICK = /`((?:[^`\\]|\\.)*)`/gs;
const QX = /(?:\bqx|%x)\s*([^\w\s])/g;
const AWK_PIPE = /"((?:[^"\\]|\\.)*)"\s*\|&?\s*getline|\|&?\s*"((?:[^"\\]|\\.)*)"/g;
const PY_PREFIX = /^[rRbBuUfF]{1,2}$/;
const WORD_CHAR = /[\w$.]/;
const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const MAX_ARGS = 16;
const LETTER = /[A-Za-z]/;
const INTERP_START = /[\w{]/;
const EXEC_FAMILY = /^(?:exec|spawn)[lv]/;
const ESCAPED_TICK = /\\`/g;
const BACKSLASH = /\\(.)/g;

/** Decodes a string literal at `pos`; returns it and the index after it, or null when `pos` is not a string. */
function readString(code: string, pos: number, lang: Lang): { v: string; dyn: boolean; end: number } | null {
  let i = pos;
  let raw = false;
  let fmt = false;
  if (lang === 'python') {
    let j = i;
    while (j < code.length && LETTER.test(code[j]!)) j++;
    if (j > i) {
      if (!PY_PREFIX.test(code.slice(i, j)) || (code[j] !== '"' && code[j] !== "'")) return null;
      const p = code.slice(i, j).toLowerCase();
      raw = p.includes('r');
      fmt = p.includes('f');
      i = j;
    }
  }
  const q = code[i];
  const quotes = lang === 'awk' ? '"' : lang === 'node' ? '"\'`' : '"\'';
  if (q === undefined || !quotes.includes(q)) return null;
  const triple = lang === 'python' && code.startsWith(q + q + q, i);
  const delim = triple ? q + q + q : q;
  let v = '';
  let dyn = false;
  for (let k = i + delim.length; k < code.length; k++) {
    if (code.startsWith(delim, k)) {
      return { v, dyn, end: k + delim.length };
    }
    const c = code[k]!;
    if (c === '\\' && k + 1 < code.length) {
      const e = code[++k]!;
      if (raw || (q === "'" && (lang === 'perl' || lang === 'ruby' || lang === 'php'))) v += e === q || e === '\\' ? e : '\\' + e;
      else v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      continue;
    }
    if ((fmt && c === '{') || (q === '`' && c === '$' && code[k + 1] === '{')) dyn = true;
    if (q === '"' && (lang === 'perl' || lang === 'php') && (c === '$' || c === '@') && INTERP_START.test(code[k + 1] ?? '')) dyn = true;
    if (q === '"' && lang === 'ruby' && c === '#' && code[k + 1] === '{') dyn = true;
    v += c;
  }
  return null;
}

/** Skips a balanced bracket group starting at `pos`; returns the index after it. */
function skipGroup(code: string, pos: number, lang: Lang): number {
  const open = code[pos]!;
  const close = CLOSE[open] ?? open;
  let depth = 0;
  for (let k = pos; k < code.length; k++) {
    const s = readString(code, k, lang);
    if (s !== null) {
      k = s.end - 1;
      continue;
    }
    if (code[k] === open) depth++;
    else if (code[k] === close && --depth === 0) return k + 1;
  }
  return code.length;
}

/** Arguments of a call from `pos` (just after `(`, or after the name when `bare`) to its end. */
function parseArgs(code: string, pos: number, lang: Lang, end: string, bare: boolean): { args: Arg[]; end: number } {
  const args: Arg[] = [];
  let pieces: Arg[] = [];
  const flush = (): void => {
    if (pieces.length === 0) return;
    const strs = pieces.filter((p) => p.k === 'str');
    if (pieces.length === 1) args.push(pieces[0]!);
    else if (strs.length === 0) args.push({ k: 'other' });
    else {
      let v = '';
      for (const p of pieces) v += p.k === 'str' ? p.v : '{}';
      args.push({ k: 'str', v, dyn: true });
    }
    pieces = [];
  };
  let k = pos;
  while (k < code.length && args.length < MAX_ARGS) {
    const c = code[k]!;
    if (c === ' ' || c === '\t' || (c === '\n' && !bare)) {
      k++;
      continue;
    }
    if (c === end || (bare && (c === ';' || c === '\n' || c === '}' || c === ')'))) {
      k++;
      break;
    }
    if (c === ',') {
      flush();
      k++;
      continue;
    }
    const s = readString(code, k, lang);
    if (s !== null) {
      pieces.push({ k: 'str', v: s.v, dyn: s.dyn });
      k = s.end;
    } else if (c === '[') {
      const inner = parseArgs(code, k + 1, lang, ']', false);
      pieces.push({ k: 'list', items: inner.args });
      k = inner.end;
    } else if (c === '(' || c === '{') {
      k = skipGroup(code, k, lang);
      pieces.push({ k: 'other' });
    } else if (c === '+' || c === '.' || c === '~') {
      k++;
    } else {
      while (k < code.length && WORD_CHAR.test(code[k]!)) k++;
      if (k < code.length && !WORD_CHAR.test(code[k]!) && code[k] === c) k++;
      pieces.push({ k: 'other' });
    }
  }
  flush();
  return { args, end: k };
}

function strArg(a: Arg | undefined): { v: string; dyn: boolean } | null {
  return a !== undefined && a.k === 'str' ? a : null;
}

function listArgv(a: Arg | undefined): { argv: string[]; dyn: boolean } | null {
  if (a === undefined || a.k !== 'list') return null;
  const argv: string[] = [];
  let dyn = false;
  for (const it of a.items) {
    if (it.k === 'str') {
      argv.push(it.v);
      dyn ||= it.dyn;
    } else {
      argv.push('{}');
      dyn = true;
    }
  }
  return argv.length > 0 ? { argv, dyn } : null;
}

/** One call's arguments -> a command line, an argv, or nested code (python exec/eval). */
function fromCall(lang: Lang, name: string, args: Arg[], hits: Hit[], queue: string[]): void {
  const first = strArg(args[0]);
  if (lang === 'python' && (name === 'exec' || name === 'eval')) {
    if (first !== null) queue.push(first.v);
    return;
  }
  if (lang === 'python' && EXEC_FAMILY.test(name)) {
    const rest = name.startsWith('spawn') ? args.slice(1) : args;
    const v = listArgv(rest[1]);
    if (name.charAt(name.startsWith('spawn') ? 5 : 4) === 'v') {
      if (v !== null) hits.push(v);
    } else {
      const strs = rest.slice(1).map(strArg).filter((x) => x !== null);
      if (strs.length > 0) hits.push({ argv: strs.map((x) => x.v), dyn: strs.some((x) => x.dyn) });
    }
    return;
  }
  const list = listArgv(args[0]) ?? (first !== null ? listArgv(args[1]) : null);
  if (list !== null && first !== null && args[1]?.k === 'list') {
    hits.push({ argv: [first.v, ...list.argv], dyn: first.dyn || list.dyn });
    return;
  }
  if (list !== null) {
    hits.push(list);
    return;
  }
  const strs: { v: string; dyn: boolean }[] = [];
  for (const a of args) {
    const s = strArg(a);
    if (s !== null) strs.push(s);
    else if (strs.length > 0 || (lang !== 'ruby' && lang !== 'python')) break;
  }
  if (strs.length >= 2 && (lang === 'perl' || lang === 'ruby')) hits.push({ argv: strs.map((x) => x.v), dyn: strs.some((x) => x.dyn) });
  else if (strs.length > 0) hits.push({ line: strs[0]!.v, dyn: strs[0]!.dyn });
}

/** Every command an interpreter one-liner would hand to a shell or exec. */
export function extractCommands(lang: Lang, source: string): Hit[] {
  const hits: Hit[] = [];
  const queue = [source];
  for (let n = 0; n < 8 && queue.length > 0; n++) {
    const code = queue.shift()!;
    const re = CALLS[lang];
    re.lastIndex = 0;
    for (let m = re.exec(code); m !== null; m = re.exec(code)) {
      const bare = m[2] === '';
      const r = parseArgs(code, re.lastIndex, lang, ')', bare);
      fromCall(lang, m[1]!, r.args, hits, queue);
      if (hits.length > 64) return hits;
    }
    if (lang === 'perl' || lang === 'ruby' || lang === 'php') {
      BACKTICK.lastIndex = 0;
      for (let m = BACKTICK.exec(code); m !== null; m = BACKTICK.exec(code)) {
        hits.push({ line: m[1]!.replace(ESCAPED_TICK, '`'), dyn: m[1]!.includes('$') || m[1]!.includes('#{') });
      }
      QX.lastIndex = 0;
      for (let m = QX.exec(code); m !== null; m = QX.exec(code)) {
        const open = m[1]!;
        const close = CLOSE[open] ?? open;
        const end = code.indexOf(close, QX.lastIndex);
        if (end < 0) break;
        const line = code.slice(QX.lastIndex, end);
        hits.push({ line, dyn: open !== "'" && (line.includes('$') || line.includes('#{')) });
        QX.lastIndex = end + 1;
      }
    }
    if (lang === 'awk') {
      AWK_PIPE.lastIndex = 0;
      for (let m = AWK_PIPE.exec(code); m !== null; m = AWK_PIPE.exec(code)) hits.push({ line: (m[1] ?? m[2] ?? '').replace(BACKSLASH, '$1'), dyn: false });
    }
  }
  return hits;
}
