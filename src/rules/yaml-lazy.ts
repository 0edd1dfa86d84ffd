// The yaml package costs ~50 ms to import, so it is loaded on first use: the daemon's start-up usually needs
// none (the built-in pack comes from its JSON cache and starter files hold only comments).
import { createRequire } from 'node:module';

export type YamlModule = typeof import('yaml');

let loaded: YamlModule | undefined;

export function yaml(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}

/** Only comments and blank lines (the starter files `safeshell init` writes): nothing to parse. */
export function isBlankYaml(text: string): boolean {
  return /^(\s*(#.*)?(\r?\n|$))*$/.test(text);
}
