import type {
  Availability,
  CommandReply,
  DeviceError,
  DeviceKind,
  Heartbeat,
  TopicParts,
} from '@mendian/protocol';
import type { Principal } from '../devices/device-registry.js';

/** Events on the hub's bus. Device messages arrive here only after validation (and commit). */
export interface IotEvents {
  /** An event or state message, emitted after its SQLite commit. */
  'device.message': { topic: TopicParts; payload: unknown; receivedAt: number; duplicate: boolean };
  'device.heartbeat': { topic: TopicParts; heartbeat: Heartbeat; receivedAt: number };
  'device.availability': { topic: TopicParts; availability: Availability; receivedAt: number };
  'device.reply': { topic: TopicParts; reply: CommandReply; receivedAt: number };
  'device.rejected': { clientId: string; kind: DeviceKind | null; error: DeviceError };
  'client.connected': { principal: Principal; at: number };
  'client.disconnected': { principal: Principal; at: number };
  'device.online': { device: string; kind: DeviceKind | null; at: number };
  'device.offline': {
    device: string;
    kind: DeviceKind | null;
    at: number;
    reason: 'lastWill' | 'heartbeatSilence' | 'announced';
  };
  /** Something a person should look at (device silent, shelf empty, shrink suspected...). */
  alert: { code: string; message: string; at: number; subject: string };
}
