// `safeshell doctor` (not yet implemented).
import type { Command } from 'commander';

export function register(_program: Command): void {}
