import type { Order } from '@mendian/protocol';
import type { CartView } from './lane-service.js';

export interface SellingEventMap {
  cart: { lane: string; view: CartView | null };
  orderCommitted: { order: Order };
  printer: { state: 'ok' | 'offline' | 'paperOut' | 'error'; message: string; jobId?: string };
  wallet: { provider: string; reachable: boolean; message: string | null };
}

type Listener<K extends keyof SellingEventMap> = (payload: SellingEventMap[K]) => void;

/**
 * Domain events, published after the state they describe is committed. A listener that throws is
 * reported to `onListenerError` and the others still run: the API's WebSocket fan-out must never
 * break a sale.
 */
export class SellingEvents {
  private readonly listeners = new Map<keyof SellingEventMap, Set<Listener<never>>>();

  constructor(
    private readonly onListenerError: (event: string, error: unknown) => void = () => undefined,
  ) {}

  on<K extends keyof SellingEventMap>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof SellingEventMap>(event: K, payload: SellingEventMap[K]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as Listener<K>)(payload);
      } catch (e) {
        this.onListenerError(event, e);
      }
    }
  }
}
