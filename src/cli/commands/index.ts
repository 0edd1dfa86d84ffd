// Every subcommand's register function, in the order --help lists them.
import type { Command } from 'commander';
import { register as check } from './check.js';
import { register as rules } from './rules.js';
import { register as demo } from './demo.js';
import { register as daemon } from './daemon.js';
import { register as init } from './init.js';
import { register as refresh } from './refresh.js';
import { register as uninstall } from './uninstall.js';
import { register as status } from './status.js';
import { register as doctor } from './doctor.js';
import { register as monitor } from './monitor.js';
import { register as approve } from './approve.js';
import { register as pending } from './pending.js';
import { register as log } from './log.js';
import { register as hook } from './hook.js';
import { register as run } from './run.js';
import { register as exec } from './exec.js';

export const COMMANDS: Array<(program: Command) => void> = [check, rules, demo, daemon, init, refresh, uninstall, status, doctor, monitor, approve, pending, log, hook, run, exec];
