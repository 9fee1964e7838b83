import { Subject, type Observable } from 'rxjs';
import type { WireCheckpoint, WireDoc } from './http-client.js';

export type StreamItem = 'RESYNC' | { documents: WireDoc[]; checkpoint: WireCheckpoint };

export interface ChangeStreamOptions {
  url: string;
  headers: Record<string, string>;
  fetch?: typeof fetch;
  /** Wait before reconnecting after the stream broke. */
  reconnectMs?: number;
  onState?: (connected: boolean, error?: Error) => void;
}

export interface ChangeStream {
  items$: Observable<StreamItem>;
  close(): void;
}

/**
 * The server's live stream (server-sent events) as an observable for RxDB's `pull.stream$`.
 * It reconnects until closed; the server starts every connection with RESYNC, so RxDB pulls
 * whatever was missed while the stream was down.
 */
export function openChangeStream(options: ChangeStreamOptions): ChangeStream {
  const subject = new Subject<StreamItem>();
  const controller = new AbortController();
  const fetchFn = options.fetch ?? fetch;
  const reconnectMs = options.reconnectMs ?? 2_000;

  const runOnce = async (): Promise<void> => {
    const res = await fetchFn(options.url, {
      headers: { ...options.headers, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
    options.onState?.(true);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (data !== '') subject.next(JSON.parse(data) as StreamItem);
      }
    }
    throw new Error('stream ended');
  };

  const loop = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        await runOnce();
      } catch (err) {
        if (controller.signal.aborted) break;
        options.onState?.(false, err as Error);
        await new Promise((r) => setTimeout(r, reconnectMs));
      }
    }
  };
  void loop();

  return {
    items$: subject.asObservable(),
    close: () => {
      controller.abort();
      subject.complete();
    },
  };
}
