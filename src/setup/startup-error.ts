// StartupError: a start-up failure that the operator must fix; main prints its message (no stack) and exits 1.

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
