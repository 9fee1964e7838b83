import type { Logger } from './logger.js';

type Listener<P> = (payload: P) => void;

/**
 * A typed in-process event bus. Listeners run synchronously in registration order; a listener
 * that throws is logged with the module name it registered under and the others still run,
 * because the process that calls emit() also runs the store's broker.
 */
export class EventBus<Events extends { [K in keyof Events]: unknown }> {
  readonly #listeners = new Map<keyof Events, { module: string; fn: Listener<never> }[]>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Registers a listener; returns the function that removes it. */
  on<K extends keyof Events>(event: K, module: string, fn: Listener<Events[K]>): () => void {
    const list = this.#listeners.get(event) ?? [];
    const entry = { module, fn: fn as Listener<never> };
    list.push(entry);
    this.#listeners.set(event, list);
    return () => {
      const current = this.#listeners.get(event);
      if (!current) return;
      const i = current.indexOf(entry);
      if (i >= 0) current.splice(i, 1);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    for (const { module, fn } of [...list]) {
      try {
        (fn as Listener<Events[K]>)(payload);
      } catch (e) {
        this.#logger.error(`listener of ${String(event)} in ${module} threw`, {
          module,
          event: String(event),
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
}
