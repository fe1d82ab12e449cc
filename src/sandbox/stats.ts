/** Counters served at GET /_sandbox/stats. */
export interface SandboxStats {
  /** API requests answered or dropped (the /_sandbox endpoints are not counted). */
  requests: number;
  /** operationId (or `unmatched`) -> status (or `dropped`) -> count. */
  byOperation: Record<string, Record<string, number>>;
  /** Answers with status 429, from --rate-limit and from the assign limit; and 503 from --rate-limit-status 503. */
  rateLimited: number;
  /** Answers with status 500, from --fail-rate and --fail-after-commit. */
  serverErrors: number;
  /** Connections destroyed by --fail-after-commit. */
  droppedConnections: number;
  /** Contacts in the store now. */
  contacts: number;
}

export class StatsCounter {
  private requests = 0;
  private rateLimited = 0;
  private serverErrors = 0;
  private dropped = 0;
  private readonly byOperation = new Map<string, Map<string, number>>();

  record(operation: string, status: number | 'dropped'): void {
    this.requests += 1;
    if (status === 429 || status === 503) this.rateLimited += 1;
    else if (status === 500) this.serverErrors += 1;
    else if (status === 'dropped') this.dropped += 1;
    let counts = this.byOperation.get(operation);
    if (!counts) this.byOperation.set(operation, (counts = new Map<string, number>()));
    const key = String(status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  snapshot(contacts: number): SandboxStats {
    const byOperation: Record<string, Record<string, number>> = {};
    for (const [operation, counts] of this.byOperation) byOperation[operation] = Object.fromEntries(counts);
    return {
      requests: this.requests,
      byOperation,
      rateLimited: this.rateLimited,
      serverErrors: this.serverErrors,
      droppedConnections: this.dropped,
      contacts,
    };
  }
}
