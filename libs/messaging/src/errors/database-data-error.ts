import { ErrorShape } from './error-shape';

/**
 * The reply code of a write the database refused for its data: a value out of its column's range
 * (PostgreSQL 22003 on an INTEGER), a CHECK or NOT NULL violation... The same request fails the
 * same way every time and says nothing about the service's health, so the caller answers it as
 * the client's (a 4xx) and no breaker counts it.
 */
export const DATA_REJECTED = 'DATA_REJECTED';

/** SQLite's result codes for refused data (better-sqlite3 reports the extended ones). */
const SQLITE_DATA_ERRORS: Record<string, string> = {
  SQLITE_CONSTRAINT: 'an integrity constraint refused it',
  SQLITE_CONSTRAINT_CHECK: 'a check constraint refused it',
  SQLITE_CONSTRAINT_NOTNULL: 'a required value is missing',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'it refers to something that does not exist',
  SQLITE_CONSTRAINT_DATATYPE: 'a value has the wrong type',
  SQLITE_CONSTRAINT_TRIGGER: 'an integrity constraint refused it',
  SQLITE_MISMATCH: 'a value has the wrong type',
  SQLITE_TOOBIG: 'a value is too large',
};

/** PostgreSQL SQLSTATEs with a plainer reason than their class's. */
const POSTGRES_REASONS: Record<string, string> = {
  '22001': 'a text is too long for its column',
  '22003': "a number is out of its column's range",
  '23502': 'a required value is missing',
  '23503': 'it refers to something that does not exist',
  '23514': 'a check constraint refused it',
};

/**
 * Unique violations are left out: handlers turn theirs into replays (isUniqueViolation in
 * @railyard/persistence), and one that escapes is a race another attempt resolves.
 */
const UNIQUE_VIOLATIONS = new Set([
  '23505',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'SQLITE_CONSTRAINT_ROWID',
]);

/**
 * The reply for a database's data error (PostgreSQL class 22 "data exception" and 23 "integrity
 * constraint violation"; SQLite's equivalents), else undefined. The driver's own message names
 * tables and constraints, so the reply carries a plain reason and the code instead.
 */
export function databaseDataErrorShape(thrown: unknown): ErrorShape | undefined {
  const databaseCode = databaseErrorCode(thrown);
  if (databaseCode === undefined || UNIQUE_VIOLATIONS.has(databaseCode)) return undefined;
  const reason =
    SQLITE_DATA_ERRORS[databaseCode] ??
    POSTGRES_REASONS[databaseCode] ??
    (databaseCode.startsWith('22')
      ? 'a value is invalid for its column'
      : databaseCode.startsWith('23')
        ? 'an integrity constraint refused it'
        : undefined);
  if (reason === undefined) return undefined;
  return {
    code: DATA_REJECTED,
    message: `the database refused the data: ${reason}`,
    details: { databaseCode },
    retryable: false,
  };
}

/**
 * The code of an error a database driver raised: TypeORM's QueryFailedError (which keeps the
 * driver's error), node-postgres' DatabaseError (a 5-character SQLSTATE beside a severity) or
 * better-sqlite3's SqliteError. Anything else (a CodedError with a look-alike code) is not one.
 */
function databaseErrorCode(thrown: unknown): string | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const error = thrown as { driverError?: unknown };
  const driverError = (error.driverError ?? thrown) as {
    name?: unknown;
    code?: unknown;
    severity?: unknown;
  };
  const code = driverError.code;
  if (typeof code !== 'string') return undefined;
  if (driverError.name === 'SqliteError' && code.startsWith('SQLITE_')) return code;
  if (typeof driverError.severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  return undefined;
}
