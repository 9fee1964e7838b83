import { DEFAULT_MAX_PAYLOAD_BYTES } from '@mendian/protocol';

/** Broker limits, each set explicitly with the reason it exists. */
export interface BrokerLimits {
  /** Largest payload accepted; a shelf or presence batch is a few KB, a print job arrives via cmd. */
  maxPayloadBytes: number;
  /** Mendian topics have 5 levels; anything deeper is an attack on the topic matcher. */
  maxTopicLevels: number;
  /** Sustained publishes per second per client, and the burst allowed on top. */
  publishRatePerSecond: number;
  publishBurst: number;
  /** All connections to this broker; a store has tens of devices, the cap stops a flood. */
  maxConnections: number;
  /** A socket that does not send CONNECT within this time is dropped. */
  connectTimeoutMs: number;
  /** A client whose socket does not drain within this time is dropped instead of stalling others. */
  drainTimeoutMs: number;
}

export interface TlsListenerConfig {
  port: number;
  certPath: string;
  keyPath: string;
}

export interface StoreBrokerConfig {
  store: string;
  /** Directory of broker-state.sqlite (sessions, queues, retained) and iot.sqlite. */
  dataDir: string;
  host: string;
  /** 0 = an ephemeral port (tests, benchmarks). */
  tcpPort: number;
  /** null = no WebSocket listener. */
  wsPort: number | null;
  tls: TlsListenerConfig | null;
  limits: BrokerLimits;
}

export const DEFAULT_LIMITS: BrokerLimits = {
  maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES,
  maxTopicLevels: 8,
  publishRatePerSecond: 200,
  publishBurst: 400,
  maxConnections: 2000,
  connectTimeoutMs: 10_000,
  drainTimeoutMs: 30_000,
};

export function brokerConfig(
  partial: Partial<Omit<StoreBrokerConfig, 'limits'>> & {
    store: string;
    dataDir: string;
    limits?: Partial<BrokerLimits>;
  },
): StoreBrokerConfig {
  return {
    host: '127.0.0.1',
    tcpPort: 1883,
    wsPort: null,
    tls: null,
    ...partial,
    limits: { ...DEFAULT_LIMITS, ...partial.limits },
  };
}
