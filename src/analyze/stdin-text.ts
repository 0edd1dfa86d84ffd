// What a literal `echo`/`printf` writes, and how xargs cuts text into items: enough to know what a pipe carries.

const MAX_OUTPUT = 65536;
const ECHO_OPTS = /^-[neE]+$/;
const HEX = /^[0-9a-fA-F]$/;
const SIMPLE_ESC: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'",
};

/** Backslash escapes as `echo -e`, `printf` formats and `%b` read them; `stop` reports `\c`. */
function unescape(s: string, state?: { stop: boolean }): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const e = s[++i]!;
    const simple = SIMPLE_ESC[e];
    if (simple !== undefined) out += simple;
    else if (e === 'c') {
      if (state !== undefined) state.stop = true;
      return out;
    } else if (e >= '0' && e <= '7') {
      let j = i + (e === '0' ? 1 : 0);
      const end = Math.min(s.length, j + 3);
      let v = 0;
      for (; j < end && s[j]! >= '0' && s[j]! <= '7'; j++) v = v * 8 + (s.charCodeAt(j) - 48);
      out += String.fromCharCode(v & 0xff);
      i = j - 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      let j = i + 1;
      let v = 0;
      for (; j < s.length && j <= i + max && HEX.test(s[j]!); j++) v = v * 16 + parseInt(s[j]!, 16);
      if (j === i + 1) out += '\\' + e;
      else out += v <= 0x10ffff ? String.fromCodePoint(v) : '';
      i = j - 1;
    } else out += '\\' + e;
  }
  return out;
}

export function echoOutput(args: readonly string[]): string {
  let i = 0;
  let newline = true;
  let escapes = false;
  for (; i < args.length && ECHO_OPTS.test(args[i]!); i++) {
    for (const f of args[i]!.slice(1)) {
      if (f === 'n') newline = false;
      else escapes = f === 'e';
    }
  }
  const text = args.slice(i).join(' ');
  return (escapes ? unescape(text) : text) + (newline ? '\n' : '');
}

const DIRECTIVE = /%([-+ #0]*)(\d*)(?:\.(\d*))?([diouxXfFeEgGcsbq%])/g;

/** `printf FORMAT ARGS…`, reusing the format while arguments remain, as bash does. */
export function printfOutput(argv: readonly string[]): string {
  let args = argv.slice();
  if (args[0] === '--') args = args.slice(1);
  if (args[0] === '-v') return '';
  const fmt = args.shift() ?? '';
  let out = '';
  let ai = 0;
  for (let pass = 0; pass < 1000 && out.length < MAX_OUTPUT; pass++) {
    let used = 0;
    const state = { stop: false };
    let last = 0;
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(fmt); m !== null; m = DIRECTIVE.exec(fmt)) {
      out += unescape(fmt.slice(last, m.index), state);
      last = DIRECTIVE.lastIndex;
      if (state.stop) return out;
      const conv = m[4]!;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const arg = args[ai] ?? '';
      if (ai < args.length) ai++;
      used++;
      let v = conv === 'b' ? unescape(arg, state) : conv === 'c' ? arg.slice(0, 1) : arg;
      if ('diouxX'.includes(conv)) v = String(Number.parseInt(arg, 10) || 0);
      const width = Number(m[2] || 0);
      if (v.length < width) v = m[1]!.includes('-') ? v.padEnd(width) : v.padStart(width);
      out += v;
      if (state.stop) return out;
    }
    out += unescape(fmt.slice(last), state);
    if (state.stop || used === 0 || ai >= args.length) break;
  }
  return out.slice(0, MAX_OUTPUT);
}

/** xargs's default input parsing: blank-separated items, with '…', "…" and backslash quoting. */
export function xargsItems(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let have = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (have) out.push(cur);
      cur = '';
      have = false;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end;
      cur += text.slice(i + 1, stop);
      have = true;
      i = stop;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      have = true;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push(cur);
  return out;
}

/** Input lines for `xargs -I` / `parallel`: leading blanks dropped, empty lines skipped. */
export function inputLines(text: string, sep = '\n'): string[] {
  const out: string[] = [];
  for (const line of text.split(sep)) {
    const t = sep === '\n' ? line.replace(LEADING_BLANKS, '') : line;
    if (t !== '') out.push(t);
  }
  return out;
}

const LEADING_BLANKS = /^[ \t]+/;

export { unescape as decodeEscapes };
