/**
 * The runtime's named loggers. Every module asks the registry for a logger by dotted
 * name ("sluice.herder", "sluice.worker.task"); each is a pino child of one root logger
 * with a level of its own, so GET/PUT /admin/loggers can read and change levels at run
 * time, per logger or per namespace, as Connect does with log4j:
 * - setting a namespace sets it on the namespace's logger (created if needed) and on every
 *   known logger below it ("a.b" covers "a.b" and "a.b.c", not "a.bc");
 * - a logger created later starts at the level of its nearest ancestor that has one,
 *   else at the root's;
 * - "root" (or "") names the root logger; setting it sets every known logger.
 * Only explicit changes get a last_modified time; levels from configuration show null.
 * A change reports only the loggers whose level it changed (plus a namespace logger it
 * had to create), like Connect since 4.0.
 */
import type { Logger } from 'pino';
import { connectLevel, pinoLevel } from './log-levels.ts';

export const ROOT_LOGGER = 'root';

/** One entry of GET /admin/loggers. */
export interface LoggerLevel {
  level: string;
  last_modified: number | null;
}

export interface LoggerRegistry {
  /** The logger with this name, created on first use. */
  logger(name: string): Logger;
  /** The level of a known logger, or undefined if no logger has that name. */
  level(name: string): LoggerLevel | undefined;
  /** Every known logger (root included), sorted by name. */
  allLevels(): Record<string, LoggerLevel>;
  /**
   * Sets a Connect level name (any case) on a namespace; returns the loggers whose level
   * changed, sorted. Throws RangeError for a level name Connect does not know.
   */
  setLevel(namespace: string, level: string): string[];
}

interface Entry {
  logger: Logger;
  lastModified: number | null;
}

const isRootName = (name: string) => name === '' || name.toLowerCase() === ROOT_LOGGER;

export function createLoggerRegistry(root: Logger, options: { now?: () => number } = {}): LoggerRegistry {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>([[ROOT_LOGGER, { logger: root, lastModified: null }]]);

  const within = (namespace: string, name: string) => name === namespace || name.startsWith(`${namespace}.`);

  function inheritedLevel(name: string): string {
    for (let at = name.lastIndexOf('.'); at > 0; at = name.lastIndexOf('.', at - 1)) {
      const ancestor = entries.get(name.slice(0, at));
      if (ancestor) return ancestor.logger.level;
    }
    return root.level;
  }

  function entry(name: string): Entry {
    const key = isRootName(name) ? ROOT_LOGGER : name;
    let found = entries.get(key);
    if (!found) {
      const logger = root.child({ logger: key });
      logger.level = inheritedLevel(key);
      found = { logger, lastModified: null };
      entries.set(key, found);
    }
    return found;
  }

  const describe = (e: Entry): LoggerLevel => ({ level: connectLevel(e.logger.level), last_modified: e.lastModified });

  return {
    logger: (name) => entry(name).logger,

    level(name) {
      const found = entries.get(isRootName(name) ? ROOT_LOGGER : name);
      return found && describe(found);
    },

    allLevels() {
      const names = [...entries.keys()].sort();
      return Object.fromEntries(names.map((name) => [name, describe(entries.get(name)!)]));
    },

    setLevel(namespace, level) {
      const target = pinoLevel(level);
      if (!target) throw new RangeError(`unknown log level '${level}'`);
      const wholeTree = isRootName(namespace);
      // A namespace logger created by this call counts as changed even at an equal level.
      const created = !wholeTree && !entries.has(namespace) ? namespace : undefined;
      if (created) entry(created);
      const changed: string[] = [];
      const at = now();
      for (const [name, e] of entries) {
        if (!wholeTree && !within(namespace, name)) continue;
        if (e.logger.level === target && name !== created) continue;
        e.logger.level = target;
        e.lastModified = at;
        changed.push(name);
      }
      return changed.sort();
    },
  };
}
