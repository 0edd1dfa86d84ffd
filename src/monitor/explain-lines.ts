// --debug: the daemon's explanation of a command (src/match/explain.ts) as short lines, matching rules first.
import type { Explanation } from '../match/explain.js';

export function explanationLines(x: unknown): string[] {
  const e = x as Explanation | undefined;
  if (!e || !Array.isArray(e.commands)) return ['(no explanation)'];
  const lines = [`verdict ${e.verdict}${e.rule ? ` by ${e.rule}` : ''} · ${e.engine} matcher`];
  for (const c of e.commands) {
    lines.push(`${c.text}${c.via.length ? `  (via ${c.via.join(' > ')})` : ''}: ${c.rules.length} rule(s) considered`);
    const sorted = [...c.rules].sort((a, b) => Number(b.matched) - Number(a.matched));
    for (const r of sorted) lines.push(`  ${r.matched ? '✓' : '✗'} ${r.rule} → ${r.action}${r.matched ? '' : `: ${r.reason}`}`);
  }
  return lines;
}
