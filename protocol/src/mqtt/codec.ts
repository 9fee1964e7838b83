import { issuesOf, type FieldIssue } from '../validation.js';
import { payloadSchemaFor } from './payloads.js';
import { parseTopic, type TopicParts } from './topics.js';

/** Decoded MQTT message or the reason it was refused, as the broker reports it to the device. */
export type DecodedMessage =
  | { ok: true; topic: TopicParts; payload: unknown }
  | {
      ok: false;
      code: 'MALFORMED_JSON' | 'SCHEMA_VIOLATION' | 'PAYLOAD_TOO_LARGE' | 'UNKNOWN_CHANNEL';
      message: string;
      issues?: FieldIssue[];
      topic?: TopicParts;
    };

export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * Parses topic and payload of a device message and validates it against the schema of its
 * (kind, channel). Never throws: every outcome is a value the caller can count and report.
 */
export function decodeDeviceMessage(
  topic: string,
  payload: Uint8Array | string,
  maxBytes: number = DEFAULT_MAX_PAYLOAD_BYTES,
): DecodedMessage {
  const parsedTopic = parseTopic(topic);
  if (!parsedTopic.ok) {
    return { ok: false, code: 'UNKNOWN_CHANNEL', message: parsedTopic.reason };
  }
  const parts = parsedTopic.parts;
  const size =
    typeof payload === 'string' ? new TextEncoder().encode(payload).byteLength : payload.byteLength;
  if (size > maxBytes) {
    return {
      ok: false,
      code: 'PAYLOAD_TOO_LARGE',
      message: `payload is ${size} bytes, the limit is ${maxBytes}`,
      topic: parts,
    };
  }
  const schema = payloadSchemaFor(parts.kind, parts.channel);
  if (!schema) {
    return {
      ok: false,
      code: 'UNKNOWN_CHANNEL',
      message: `a ${parts.kind} does not publish on "${parts.channel}"`,
      topic: parts,
    };
  }
  let json: unknown;
  try {
    const text =
      typeof payload === 'string'
        ? payload
        : new TextDecoder('utf-8', { fatal: true }).decode(payload);
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      code: 'MALFORMED_JSON',
      message: `payload is not UTF-8 JSON: ${(e as Error).message}`,
      topic: parts,
    };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issues = issuesOf(r.error).slice(0, 20);
    return {
      ok: false,
      code: 'SCHEMA_VIOLATION',
      message: issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '),
      issues,
      topic: parts,
    };
  }
  return { ok: true, topic: parts, payload: r.data };
}

export function encodePayload(payload: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(payload));
}
