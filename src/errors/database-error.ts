// DatabaseError: a driver-neutral Postgres error, thrown by db/ and mapped to HTTP by pg-error.ts.

export class DatabaseError extends Error {
  constructor(
    readonly sqlState: string,
    message: string,
    readonly detail: string | null = null,
    readonly hint: string | null = null,
    readonly constraint: string | null = null,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** The database could not be reached (connection refused, reset, pool closed). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}
