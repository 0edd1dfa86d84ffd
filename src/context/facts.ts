// The facts a request is judged under. Evaluation asks lazily (git only when a rule needs it); the engine
// supplies real filesystem-backed facts, rule examples supply fixed ones.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { currentBranch, findRepo } from './git.js';

export interface RequestFacts {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The current git branch, null outside a repo or on a detached HEAD. */
  branch(): string | null;
  inRepo(): boolean;
  fileExists(relative: string): boolean;
}

/** Facts read from the filesystem, each looked up at most once per request. */
export class LiveFacts implements RequestFacts {
  private repoLooked = false;
  private repo: ReturnType<typeof findRepo> = null;
  private branchValue: string | null | undefined;

  constructor(readonly cwd: string, readonly env: Readonly<Record<string, string | undefined>> = {}) {}

  private lookRepo(): ReturnType<typeof findRepo> {
    if (!this.repoLooked) {
      this.repo = findRepo(this.cwd);
      this.repoLooked = true;
    }
    return this.repo;
  }

  branch(): string | null {
    if (this.branchValue === undefined) {
      const repo = this.lookRepo();
      this.branchValue = repo ? currentBranch(repo) : null;
    }
    return this.branchValue;
  }

  inRepo(): boolean {
    return this.lookRepo() !== null;
  }

  fileExists(relative: string): boolean {
    return existsSync(resolve(this.cwd, relative));
  }
}

/** Fixed facts, for rule examples and tests: no filesystem access at all. */
export class FixedFacts implements RequestFacts {
  constructor(
    readonly cwd: string,
    private readonly fixedBranch: string | null = null,
    readonly env: Readonly<Record<string, string | undefined>> = {},
    private readonly files: ReadonlySet<string> = new Set(),
  ) {}

  branch(): string | null {
    return this.fixedBranch;
  }

  inRepo(): boolean {
    return this.fixedBranch !== null;
  }

  fileExists(relative: string): boolean {
    return this.files.has(relative);
  }
}
