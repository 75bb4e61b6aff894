/**
 * Per-cluster request counting, so tests and benchmarks can assert how many API
 * calls a client made (e.g. "one paginated list per kind, not one per entity").
 */

export type RequestLogEntry = {
  method: string;
  path: string;
  /** The raw query string without '?', '' when none. */
  query: string;
  /** HTTP status sent; 0 when the connection was dropped or cut before a response. */
  status: number;
  /** Milliseconds from arrival until the response finished or the connection closed. */
  ms: number;
  /** Arrival time, RFC3339. */
  at: string;
  /** `plural` or `plural.group` for resource requests, `discovery` or `other` otherwise. */
  resource: string;
  /** The fault applied, if any (e.g. `status:403`, `drop`). */
  fault?: string;
};

export type RequestLog = {
  total: number;
  byResource: Record<string, number>;
  entries: RequestLogEntry[];
};

export const DEFAULT_MAX_ENTRIES = 10_000;

export class RequestRecorder {
  private total = 0;
  private byResource: Record<string, number> = {};
  /** Ring buffer: the last `maxEntries` entries, oldest at `head` once full. */
  private ring: RequestLogEntry[] = [];
  private head = 0;

  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly sink?: (entry: RequestLogEntry) => void,
  ) {}

  record(entry: RequestLogEntry): void {
    this.total++;
    this.byResource[entry.resource] =
      (this.byResource[entry.resource] ?? 0) + 1;
    if (this.ring.length < this.maxEntries) {
      this.ring.push(entry);
    } else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.maxEntries;
    }
    this.sink?.(entry);
  }

  snapshot(): RequestLog {
    return {
      total: this.total,
      byResource: { ...this.byResource },
      entries: [
        ...this.ring.slice(this.head),
        ...this.ring.slice(0, this.head),
      ],
    };
  }

  reset(): void {
    this.total = 0;
    this.byResource = {};
    this.ring = [];
    this.head = 0;
  }
}
