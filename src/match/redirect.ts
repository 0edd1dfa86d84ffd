// Expands a rule's redirect_to argv template for the command it matched. $ARGS is every argument (each stays one
// word, nothing is re-split or re-quoted), $1…$9 one argument (dropped when absent), $PROGRAM the program name.
import type { SimpleCommand } from '../analyze/types.js';

export function expandRedirect(template: readonly string[], cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const word of template) {
    if (word === '$ARGS') out.push(...cmd.args);
    else if (word === '$PROGRAM') out.push(cmd.program);
    else if (/^\$[1-9]$/.test(word)) {
      const arg = cmd.args[Number(word.slice(1)) - 1];
      if (arg !== undefined) out.push(arg);
    } else out.push(word);
  }
  return out;
}
