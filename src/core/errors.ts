/**
 * Typed errors: each carries a stable message code (wording in src/i18n), its arguments and the exit
 * code of shared/style.md. Thrown anywhere; caught once, in src/cli.ts.
 */
import type { MessageCode, MessageParams } from '../i18n/index.js';

export const ExitCode = {
  ok: 0,
  domainFailure: 1,
  usage: 2,
  dataError: 65,
  noInput: 66,
  software: 70,
  cantCreate: 73,
  tempFail: 75,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class LeaderError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(
    readonly code: MessageCode,
    readonly params: MessageParams = {},
    exitCode: ExitCodeValue = ExitCode.software,
    /** Extra machine-readable detail, printed under `error.details` in --json (e.g. all problems). */
    readonly details?: unknown,
  ) {
    super(code);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad flags, bad configuration, an invalid scheme: exit 2. */
export class UsageError extends LeaderError {
  constructor(code: MessageCode, params: MessageParams = {}, details?: unknown) {
    super(code, params, ExitCode.usage, details);
  }
}
/** Invalid input data (a CSV that cannot be imported): exit 65. */
export class DataError extends LeaderError {
  constructor(code: MessageCode, params: MessageParams = {}, details?: unknown) {
    super(code, params, ExitCode.dataError, details);
  }
}
/** A named input (file, scheme, run, database) does not exist: exit 66. */
export class NotFoundError extends LeaderError {
  constructor(code: MessageCode, params: MessageParams = {}, details?: unknown) {
    super(code, params, ExitCode.noInput, details);
  }
}
/** Output cannot be written: exit 73. */
export class OutputError extends LeaderError {
  constructor(code: MessageCode, params: MessageParams = {}, details?: unknown) {
    super(code, params, ExitCode.cantCreate, details);
  }
}
/** The database is locked by another writer: exit 75 (retry). */
export class BusyError extends LeaderError {
  constructor(details?: unknown) {
    super('E_DB_BUSY', {}, ExitCode.tempFail, details);
  }
}
/** The user said no, or pressed Ctrl-C: exit 130. */
export class CancelledError extends LeaderError {
  constructor() {
    super('E_CANCELLED', {}, ExitCode.cancelled);
  }
}
/**
 * The command finished but the domain reports failures (verify found an altered file, a partial
 * import): exit 1. Refusals of the rules (publicity not yet over) use this too.
 */
export class DomainError extends LeaderError {
  constructor(code: MessageCode, params: MessageParams = {}, details?: unknown) {
    super(code, params, ExitCode.domainFailure, details);
  }
}
