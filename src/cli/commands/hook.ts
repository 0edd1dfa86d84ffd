// `safeshell hook claude|gemini|generic` (answer one hook call: stdin in, the agent's answer out) and
// `safeshell hook install|uninstall claude|gemini [--settings FILE]`. See docs/hooks.md.
import type { Command } from 'commander';
import type { HookAgent, HookMode } from '../../hooks/agents.js';

const AGENT_LIST = 'claude, gemini';

export function register(program: Command): void {
  const hook = program
    .command('hook')
    .description('agent hooks: answer a hook call (claude, gemini, generic), or install/uninstall the hook in an agent\'s settings');

  for (const mode of ['claude', 'gemini', 'generic'] as const) {
    hook
      .command(mode)
      .description(
        mode === 'claude'
          ? "Claude Code PreToolUse: JSON on stdin, {hookSpecificOutput: {permissionDecision}} on stdout"
          : mode === 'gemini'
            ? 'Gemini CLI BeforeTool: JSON on stdin, {decision, reason} on stdout'
            : 'a command line on stdin: exit 0 to go ahead, non-zero with the reason on stderr',
      )
      .action(async () => {
        const { paths } = await import('../../paths.js');
        const { runNativeHook } = await import('../../hooks/native.js');
        process.exitCode = runNativeHook(paths(), mode as HookMode);
      });
  }

  hook
    .command('install')
    .description(`add safeshell's hook to an agent's settings (${AGENT_LIST}); idempotent, with a backup`)
    .argument('<agent>', AGENT_LIST)
    .option('--settings <file>', 'the settings file (default: $CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json; ~/.gemini/settings.json)')
    .action(async (agent: string, opts: { settings?: string }) => {
      const a = await agentArg(agent);
      const { paths } = await import('../../paths.js');
      const { loadConfig } = await import('../../config.js');
      const { AGENTS } = await import('../../hooks/agents.js');
      const { hookCommand } = await import('../../hooks/native.js');
      const { installHook } = await import('../../hooks/settings.js');
      const p = paths();
      const file = opts.settings ?? AGENTS[a].defaultSettings(process.env);
      const r = installHook(a, file, hookCommand(p, a), loadConfig(p.config).approval_timeout_seconds);
      process.stdout.write(`${r.summary}\n`);
      if (r.backup) process.stdout.write(`  backup: ${r.backup}\n`);
      if (r.changed) process.stdout.write(`  restart ${AGENTS[a].name} to load it${a === 'gemini' ? ' (and make sure hooks are enabled: /settings → "Enable Hooks System")' : ''}\n`);
    });

  hook
    .command('uninstall')
    .description(`remove safeshell's hook from an agent's settings (${AGENT_LIST}); refused inside an agent`)
    .argument('<agent>', AGENT_LIST)
    .option('--settings <file>', 'the settings file (defaults as for install)')
    .action(async (agent: string, opts: { settings?: string }) => {
      const a = await agentArg(agent);
      const { refuseInAgentContext } = await import('./daemon.js');
      await refuseInAgentContext('remove the agent hook');
      const { AGENTS } = await import('../../hooks/agents.js');
      const { uninstallHook } = await import('../../hooks/settings.js');
      const r = uninstallHook(a, opts.settings ?? AGENTS[a].defaultSettings(process.env));
      process.stdout.write(`${r.summary}\n`);
      if (r.backup) process.stdout.write(`  backup: ${r.backup}\n`);
    });
}

async function agentArg(agent: string): Promise<HookAgent> {
  const { HOOK_AGENTS } = await import('../../hooks/agents.js');
  if ((HOOK_AGENTS as readonly string[]).includes(agent)) return agent as HookAgent;
  const { SafeshellError } = await import('../../errors.js');
  throw new SafeshellError('E_USAGE', `unknown agent '${agent}' (known: ${HOOK_AGENTS.join(', ')})`);
}
