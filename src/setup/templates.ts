// What `safeshell init` writes: a commented config with every default, and a commented starter rules file.
// The built-in rules are never copied (they update with safeshell, and overrides could not disable copies).
import { DEFAULT_CONFIG, type Config } from '../config.js';

const NOTES: Partial<Record<keyof Config, string>> = {
  on_daemon_unavailable:
    'What every client (shims, wrapper, builtin checks, CLI) does when the daemon cannot answer:\n' +
    'open = run the command with a warning (a broken safety layer must not lock you out of your shell);\n' +
    'closed = refuse it (exit 69). Use closed for unattended agents.',
  approval_timeout_seconds: 'How long a require_approval command waits for a human.',
  approval_memory_ttl_seconds: 'How long an "approve and remember" answer lasts (0 = until the daemon restarts).',
  hook_approval: 'How agent hooks map require_approval: wait for the monitor, or ask the agent tool to prompt.',
  check_cd: 'Check `cd` through the daemon in shells that load init.bash / init.zsh.',
  check_source: 'Check `source` and `.` the same way.',
  check_eval: 'Check `eval` too (off by default: prompt hooks call it constantly, and a function named eval changes\n' +
    'the scope of `local` and `set --` inside eval; see docs/setup.md).',
};

export function configTemplate(): string {
  const out = [
    '# safeshell settings. Every setting is optional; the commented lines show the defaults.',
    '# Unknown keys are errors (`safeshell doctor` reports them).',
  ];
  for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
    out.push('');
    const note = NOTES[key as keyof Config];
    if (note) for (const line of note.split('\n')) out.push(`# ${line}`);
    out.push(`# ${key}: ${String(value)}`);
  }
  return `${out.join('\n')}\n`;
}

export function rulesTemplate(): string {
  return `# Your own rules, layered over the built-in pack (which is not copied here: it updates with safeshell).
# \`safeshell rules\` lists the built-ins; docs/rules.md describes every field.
# A repository can add rules of its own in .safeshell/rules.yaml (they can only add restrictions).
#
# rules:
#   - name: approve-terraform-destroy
#     commands: [terraform]
#     conditions:
#       - command_matches: '\\bdestroy\\b'
#     action: require_approval       # allow | deny | require_approval | redirect
#     context: ai_only               # all | ai_only | human_only
#     message: terraform destroy needs a human
#
# overrides:                         # change or disable a built-in rule by name
#   - name: some-builtin-rule
#     disabled: true
`;
}
