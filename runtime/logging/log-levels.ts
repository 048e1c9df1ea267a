/**
 * Level names as Kafka Connect's /admin/loggers speaks them (log4j's: OFF, FATAL, ERROR,
 * WARN, INFO, DEBUG, TRACE, ALL), mapped to and from pino's, so existing tooling that sets
 * "DEBUG" on a worker keeps working.
 */
import type { Level, LevelWithSilent } from 'pino';

const TO_PINO: Readonly<Record<string, LevelWithSilent>> = Object.freeze({
  OFF: 'silent',
  FATAL: 'fatal',
  ERROR: 'error',
  WARN: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
  TRACE: 'trace',
  // pino has nothing below trace.
  ALL: 'trace',
});

const FROM_PINO: Readonly<Record<LevelWithSilent, string>> = Object.freeze({
  silent: 'OFF',
  fatal: 'FATAL',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
});

/** The pino level for a Connect level name (any case), or undefined if it names none. */
export function pinoLevel(connectLevel: string): LevelWithSilent | undefined {
  return TO_PINO[connectLevel.toUpperCase()];
}

/** The Connect level name of a pino level; custom pino levels are shown upper-cased. */
export function connectLevel(level: string): string {
  return FROM_PINO[level as Level | 'silent'] ?? level.toUpperCase();
}
