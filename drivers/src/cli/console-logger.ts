import type { Logger } from '../errors.js';

/** A JSON-lines logger on stderr for the command-line entry points. */
export function consoleLogger(component: string): Logger {
  const line =
    (level: string) =>
    (msg: string, data?: Record<string, unknown>): void => {
      process.stderr.write(
        `${JSON.stringify({ at: new Date().toISOString(), level, component, msg, ...data })}\n`,
      );
    };
  return { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}
