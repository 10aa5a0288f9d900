/** Bolt's logger interface over the server's pino logger, so that the bot's lines join the others. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { format } from 'node:util';
import type { Logger } from 'pino';

/** From the most detailed down: the first one pino logs is the level Bolt is told. */
const LEVELS = [
  ['debug', LogLevel.DEBUG],
  ['info', LogLevel.INFO],
  ['warn', LogLevel.WARN],
] as const;

export function boltLogger(log: Logger): BoltLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      log[level](format(...parts));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // The server's LOG_LEVEL decides; Bolt would otherwise set its own default.
    setLevel: () => {},
    getLevel: () => LEVELS.find(([pinoLevel]) => log.isLevelEnabled(pinoLevel))?.[1] ?? LogLevel.ERROR,
    setName: () => {},
  };
}
