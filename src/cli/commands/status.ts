// `safeshell status [--json]`: the daemon, the rules and their errors, the shims, the native parts.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('status')
    .description('show the daemon, rules (with errors), shims and native parts')
    .option('--json', 'machine-readable')
    .action(async (opts: { json?: boolean }) => {
      const { paths } = await import('../../paths.js');
      const { gatherStatus } = await import('../../setup/inspect.js');
      const s = await gatherStatus(paths());
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      const d = s.daemon;
      if (d.running) {
        lines.push(`daemon:  running, pid ${d.pid}, version ${d.version}${d.sameVersion ? '' : ' (differs from this safeshell: `safeshell daemon restart`)'}` +
          `, up ${Math.round((d.uptimeMs ?? 0) / 1000)} s, ${d.evaluations ?? 0} evaluations, ${d.denials ?? 0} denials` +
          (d.rssBytes ? `, ${(d.rssBytes / 1048576).toFixed(1)} MiB RSS` : ''));
        if (d.peerCheck) lines.push(`         peers: ${d.peerCheck}`);
        if (d.execute !== undefined) lines.push(`         execute: ${typeof d.execute === 'string' ? d.execute : `${(d.execute as { socket?: string }).socket} (docs/execute.md)`}`);
        if (d.configError) lines.push(`         config error: ${d.configError}`);
      } else {
        lines.push(`daemon:  not running (${d.reason})`);
      }
      const r = s.rules;
      if ('error' in r) lines.push(`rules:   failed to load: ${r.error}`);
      else {
        lines.push(`rules:   ${r.ruleCount} rules from ${r.files.length} files, ${r.engine} matcher (${r.engineReason}) [${s.rulesSource}]`);
        for (const f of r.files) lines.push(`         ${f}`);
        for (const e of r.errors) lines.push(`  error: ${e}`);
        for (const w of r.warnings) lines.push(`  warning: ${w}`);
      }
      const pathNote = s.shims.pathIndex === 0 ? 'first on PATH' : s.shims.pathIndex > 0 ? `entry ${s.shims.pathIndex + 1} on PATH (not first)` : 'not on PATH';
      lines.push(`shims:   ${s.shims.programs.length} programs in ${s.shims.dir}, ${pathNote}${s.shims.binary ? '' : ', shim binary missing (`safeshell init`)'}`);
      if (s.shims.programs.length) lines.push(`         ${s.shims.programs.join(' ')}`);
      lines.push(`native:  ${s.native.loaded ? s.native.detail : `not loaded: ${s.native.detail}`}`);
      lines.push(`config:  ${s.config.file}${s.config.error ? `: ${s.config.error}` : ''}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
