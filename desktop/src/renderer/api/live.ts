/**
 * The live channel from the edge-agent (WebSocket): reconnects with capped backoff, tells the UI
 * when the agent is unreachable, and hands every message to a parser so that a malformed message
 * is counted and dropped instead of breaking the screen.
 */
export interface LiveOptions<M> {
  url: string;
  parse(data: unknown): M | null;
  onMessage(message: M): void;
  onReachable(reachable: boolean): void;
  /** Sent after each (re)connect, e.g. a subscribe or hello message. */
  hello?: () => unknown;
  initialDelayMs?: number;
  maxDelayMs?: number;
  createSocket?: (url: string) => WebSocket;
}

export interface LiveConnection {
  readonly dropped: number;
  close(): void;
}

export function connectLive<M>(options: LiveOptions<M>): LiveConnection {
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  const create = options.createSocket ?? ((u: string) => new WebSocket(u));
  let delay = initial;
  let closed = false;
  let dropped = 0;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function open(): void {
    if (closed) return;
    const ws = create(options.url);
    socket = ws;
    ws.onopen = () => {
      delay = initial;
      options.onReachable(true);
      const hello = options.hello?.();
      if (hello !== undefined) ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(ev.data));
      } catch {
        dropped += 1;
        return;
      }
      const m = options.parse(data);
      if (m === null) dropped += 1;
      else options.onMessage(m);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (closed) return;
      options.onReachable(false);
      timer = setTimeout(open, delay);
      delay = Math.min(max, delay * 2);
    };
  }
  open();
  return {
    get dropped() {
      return dropped;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
