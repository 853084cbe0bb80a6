// Which statement shapes are known to run fast: the pool pipelines new requests only behind those.
/**
 * A young head (see PIPELINE_YOUNG_MS) is not enough: a 2-second report is young for its first milliseconds,
 * and anything pipelined behind it then waits 2 seconds. So each batch is keyed by its last (main) statement's
 * SQL text, which is the same for every request of one URL shape (values are bind parameters), and remembers
 * how long that shape last ran. A shape never seen, or seen slow, is not pipelined behind. A slow run is
 * remembered strongly; each fast run quarters the memory, so a shape that was slow once (a lock wait, its
 * first Parse) becomes pipelinable again after a few fast runs (five after a 2-second run).
 */
/**
 * A shape whose remembered run time is under this is "known fast". Looser than the young-head limit: reply
 * processing waits for the event loop, which under load adds milliseconds to what a fast statement seems to
 * take, and pipelining behind a statement of a few milliseconds costs at most that.
 */
export const KNOWN_FAST_MS = 10;

export class ShapeTimings {
  readonly #ms = new Map<string, number>();

  constructor(
    private readonly fastMs = KNOWN_FAST_MS,
    private readonly maxShapes = 10_000,
  ) {}

  isFast(key: string): boolean {
    const ms = this.#ms.get(key);
    return ms !== undefined && ms < this.fastMs;
  }

  record(key: string, ms: number): void {
    const previous = this.#ms.get(key);
    if (previous === undefined && this.#ms.size >= this.maxShapes) {
      // Bounded memory: forget the oldest shape (Map keeps insertion order); it only becomes "unknown".
      const oldest = this.#ms.keys().next().value;
      if (oldest !== undefined) this.#ms.delete(oldest);
    }
    this.#ms.set(key, previous === undefined ? ms : Math.max(ms, previous / 4));
  }
}
