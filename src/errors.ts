// Error classes with stable codes: callers switch on `code`, never on messages or instanceof.

export type ErrorCode =
  | 'E_USAGE'
  | 'E_RULE_SCHEMA'
  | 'E_RULE_PATTERN'
  | 'E_RULE_EXAMPLE'
  | 'E_CONFIG'
  | 'E_DAEMON_UNAVAILABLE'
  | 'E_PROTOCOL'
  | 'E_PERMISSION'
  | 'E_NATIVE'
  | 'E_SPAWN'
  | 'E_HOOK'
  | 'E_INSTALL';

export class SafeshellError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}
SafeshellError.prototype.name = 'SafeshellError';

/** Where a rules-file problem is: file, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '<unknown>';
}

/** One problem in a rules file; message already names the rule when there is one. */
export class RuleError extends SafeshellError {
  readonly location: SourceLocation | undefined;
  readonly rule: string | undefined;
  constructor(code: 'E_RULE_SCHEMA' | 'E_RULE_PATTERN' | 'E_RULE_EXAMPLE', message: string, location?: SourceLocation, rule?: string) {
    super(code, `${formatLocation(location)}: ${rule ? `rule '${rule}': ` : ''}${message}`);
    this.location = location;
    this.rule = rule;
  }
}
RuleError.prototype.name = 'RuleError';

/** Thrown by the native matcher (constructed from C++): a pattern the engine rejected. */
export class PatternError extends Error {
  readonly code = 'E_RULE_PATTERN';
  readonly index: number;
  constructor(message: string, index: number) {
    super(message);
    this.index = index;
  }
}
PatternError.prototype.name = 'PatternError';

/** Thrown by native spawn (constructed from C++): Node's SystemError shape. */
export class SpawnError extends Error {
  code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly path: string;
  constructor(errno: number, syscall: string, path: string) {
    super(`${syscall} ${path}: errno ${errno}`);
    this.errno = errno;
    this.syscall = syscall;
    this.path = path;
    this.code = 'E_SPAWN';
  }
}
SpawnError.prototype.name = 'SpawnError';
