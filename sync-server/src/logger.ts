/** The logging port: the server takes one instead of depending on a logging package. */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function consoleLogger(name: string): Logger {
  const line = (level: string, fields: Record<string, unknown>, message: string) =>
    console.log(JSON.stringify({ level, name, at: Date.now(), message, ...fields }));
  return {
    info: (f, m) => line('info', f, m),
    warn: (f, m) => line('warn', f, m),
    error: (f, m) => line('error', f, m),
  };
}
