import { SyncClientError } from './errors.js';

export interface WireCheckpoint {
  epoch: string;
  seq: number;
}

export type WireDoc = Record<string, unknown>;

export interface PullAnswer {
  documents: WireDoc[];
  checkpoint: WireCheckpoint;
  restarted?: 'epoch' | 'expired';
}

export interface PushRowWire {
  assumedMasterState?: WireDoc | null;
  newDocumentState: WireDoc;
}

export interface Rejection {
  id: string | null;
  code: string;
  reason: string;
}

export interface PushAnswer {
  conflicts: WireDoc[];
  rejected: Rejection[];
  written: number;
  unchanged: number;
}

export interface SyncHttpClientOptions {
  /** e.g. http://hq.example:8790 */
  baseUrl: string;
  credential: string;
  fetch?: typeof fetch;
  /** Per-request timeout; a hung request must not stall replication forever. */
  timeoutMs?: number;
}

/** The sync server's HTTP API, typed. Every call throws SyncClientError on failure. */
export class SyncHttpClient {
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: SyncHttpClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/$/, '');
  }

  authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.options.credential}` };
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...this.authHeaders(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SyncClientError('OFFLINE', `sync server unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new SyncClientError(
        'BAD_RESPONSE',
        `sync server sent non-JSON (${res.status})`,
        res.status,
      );
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new SyncClientError(
        e?.code ?? 'HTTP_ERROR',
        e?.message ?? `sync server answered ${res.status}`,
        res.status,
      );
    }
    return json as T;
  }

  pull(collection: string, checkpoint: WireCheckpoint | null, limit: number): Promise<PullAnswer> {
    return this.call('POST', `/v1/sync/${encodeURIComponent(collection)}/pull`, {
      checkpoint,
      limit,
    });
  }

  push(collection: string, rows: readonly PushRowWire[]): Promise<PushAnswer> {
    return this.call('POST', `/v1/sync/${encodeURIComponent(collection)}/push`, rows);
  }

  lookupMember(phone: string): Promise<{ members: WireDoc[] }> {
    return this.call('GET', `/v1/members/lookup?phone=${encodeURIComponent(phone)}`);
  }

  streamUrl(collection: string): string {
    return `${this.baseUrl}/v1/sync/${encodeURIComponent(collection)}/stream`;
  }
}
