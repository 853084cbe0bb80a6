// The main thread's one loader per --jwks-url for all server workers: it fetches (start-up, background retry, a
// worker's refresh within the cooldown), and every new state goes to every worker.
import type { KeySource } from '../auth/key-source.ts';
import { createRemoteKeySource, type RemoteKeySource, type RemoteKeySourceOptions } from '../auth/remote-key-source.ts';
import type { KeySetSnapshot } from '../auth/shared-key-source.ts';

export class KeySetHub {
  readonly #sources = new Map<string, RemoteKeySource>();
  /** Where each new state goes (set once the workers exist). */
  onChange: (snapshot: KeySetSnapshot) => void = () => {};

  /** For createAuthenticator's remoteKeySource: the main thread's authenticator owns the sources, the hub shares them. */
  readonly createSource = (url: string, options: RemoteKeySourceOptions): KeySource => {
    const source = createRemoteKeySource(url, { ...options, onChange: (snapshot) => this.onChange(snapshot) });
    this.#sources.set(url, source);
    return {
      ...source,
      close: () => {
        source.close();
        if (this.#sources.get(url) === source) this.#sources.delete(url);
      },
    };
  };

  snapshots(): KeySetSnapshot[] {
    return [...this.#sources.values()].map((source) => source.snapshot());
  }

  /** A worker's request: load again unless within the cooldown or failing; null for a URL no longer configured. */
  async refresh(url: string): Promise<KeySetSnapshot | null> {
    const source = this.#sources.get(url);
    if (!source) return null;
    await source.refresh();
    return source.snapshot();
  }
}
