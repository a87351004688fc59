/**
 * The host's logger: pino, one JSON object per line on stdout (what log collectors read),
 * or a human format in a terminal (pino-pretty when it is installed, a one-line format
 * otherwise: the production image has no dev dependencies).
 */
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** `json` (default) or `pretty`. */
  format?: 'json' | 'pretty';
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
}

/** Fields that must never reach a log, wherever they appear in a logged object. */
const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'token',
  '*.token',
  'adminKey',
  'cardNumber',
  '*.cardNumber',
  'cvc',
  '*.cvc',
  'password',
  '*.password',
  'body',
  '*.body',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', base: { service: 'glasspane' }, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (options.format === 'pretty') return pino(base, prettyStream());
  return pino(base);
}

/** A logger that writes nothing (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** The logger a host gets when none is given: JSON at `info`; silent under `node --test`. */
export function defaultLogger(): Logger {
  if (process.env.NODE_TEST_CONTEXT) return silentLogger;
  return createLogger({ format: process.stdout.isTTY ? 'pretty' : 'json' });
}

function prettyStream(): DestinationStream {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: object) => DestinationStream;
    return pretty({ colorize: !!process.stdout.isTTY, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss', singleLine: true });
  } catch {
    return oneLineStream();
  }
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** `15:04:05 INFO  GET /api/v1/servers 200 12ms req=…`: pino's JSON made readable without pino-pretty. */
function oneLineStream(): DestinationStream {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        try {
          const { level, time, msg, pid: _pid, hostname: _host, service: _service, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
          process.stdout.write(
            `${new Date(Number(time)).toISOString().slice(11, 19)} ${(LEVEL_NAMES[Number(level)] ?? level)!.toString().padEnd(5)} ${msg ?? ''} ${fields.join(' ')}\n`,
          );
        } catch {
          process.stdout.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
