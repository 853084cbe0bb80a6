// ConfigError: invalid configuration stops start-up with one message naming the setting.

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Invalid configuration for ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}
