// The call that makes a transaction read-only from inside a statement (see selfReadOnly in db/executor.ts).
export const READ_ONLY_CALL = "set_config('transaction_read_only', 'on', true)";
/** A statement beginning with this text makes its own transaction read-only. */
export const READ_ONLY_SELECT = `SELECT ${READ_ONLY_CALL}`;
