// The auth stage's logging hook: messages name URLs and failure kinds, never token text.

export type AuthLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type AuthLog = (level: AuthLogLevel, message: string) => void;

export const consoleAuthLog: AuthLog = (level, message) => {
  const line = `[auth] ${message}`;
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};
