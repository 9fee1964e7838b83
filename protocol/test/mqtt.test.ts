import { describe, expect, it } from 'vitest';
import {
  buildTopic,
  CHANNELS,
  commandReply,
  commandRequest,
  decodeDeviceMessage,
  DEVICE_KINDS,
  devicePrefix,
  encodePayload,
  parseTopic,
  payloadSchemaFor,
  publishOptionsFor,
  TopicError,
  topicFilter,
  topicMatches,
  ulid,
} from '@mendian/protocol';

const scan = (over: Record<string, unknown> = {}) => ({
  eventId: ulid(),
  at: 1_763_900_000_000,
  data: '6901234567892',
  rawHex: '5d4530363930313233343536373839320d',
  symbology: 'ean13',
  aimId: ']E0',
  source: 'serial',
  ...over,
});

describe('topics', () => {
  it('builds and parses every kind and channel', () => {
    for (const kind of DEVICE_KINDS) {
      for (const channel of CHANNELS) {
        const t = buildTopic({ store: 'SH001', kind, device: 'dev-1', channel });
        expect(t).toBe(`mendian/SH001/${kind}/dev-1/${channel}`);
        expect(parseTopic(t)).toEqual({
          ok: true,
          parts: { store: 'SH001', kind, device: 'dev-1', channel },
        });
      }
    }
  });

  it('refuses wildcards, separators and unknown segments when building', () => {
    expect(() =>
      buildTopic({ store: 'SH001', kind: 'scanner', device: '+', channel: 'event' }),
    ).toThrow(TopicError);
    expect(() =>
      buildTopic({ store: 'SH001', kind: 'scanner', device: 'a/b', channel: 'event' }),
    ).toThrow(/device id/);
    expect(() =>
      buildTopic({ store: 'sh001', kind: 'scanner', device: 'a', channel: 'event' }),
    ).toThrow(/store/);
    expect(() =>
      buildTopic({ store: 'SH001', kind: 'toaster' as 'scanner', device: 'a', channel: 'event' }),
    ).toThrow(/unknown device kind/);
  });

  it('parses hostile topics into reasons, never throwing', () => {
    const cases: [string, RegExp][] = [
      ['', /1-256/],
      ['mendian/SH001/scanner/dev/event/extra', /5 levels/],
      ['other/SH001/scanner/dev/event', /must start with/],
      ['mendian/SH001/toaster/dev/event', /unknown device kind/],
      ['mendian/SH001/scanner/dev/telemetry', /unknown channel/],
      ['mendian/SH001/scanner/d#v/event', /bad device id/],
      ['$SYS/broker/uptime', /5 levels/],
      ['x'.repeat(300), /1-256/],
    ];
    for (const [topic, reason] of cases) {
      const r = parseTopic(topic);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });

  it('builds filters and matches them as MQTT does', () => {
    expect(topicFilter({ store: 'SH001', channel: 'event' })).toBe('mendian/SH001/+/+/event');
    expect(topicFilter({ store: 'SH001', kind: 'printer' })).toBe('mendian/SH001/printer/+/+');
    expect(devicePrefix('SH001', 'shelf', 's1')).toBe('mendian/SH001/shelf/s1');
    expect(topicMatches('mendian/SH001/+/+/event', 'mendian/SH001/scanner/a/event')).toBe(true);
    expect(topicMatches('mendian/SH001/+/+/event', 'mendian/SH001/scanner/a/state')).toBe(false);
    expect(topicMatches('mendian/#', 'mendian/SH001/scanner/a/state')).toBe(true);
    expect(topicMatches('mendian/SH001/scanner/a', 'mendian/SH001/scanner/a/event')).toBe(false);
    expect(topicMatches('#', 'mendian')).toBe(true);
  });

  it('sets retain and QoS by channel class: state retained, events not', () => {
    expect(publishOptionsFor('state')).toEqual({ qos: 1, retain: true });
    expect(publishOptionsFor('availability')).toEqual({ qos: 1, retain: true });
    expect(publishOptionsFor('event')).toEqual({ qos: 1, retain: false });
    expect(publishOptionsFor('heartbeat')).toEqual({ qos: 0, retain: false });
  });
});

describe('device payloads', () => {
  const topic = 'mendian/SH001/scanner/lane1-scanner/event';

  it('decodes a valid scan', () => {
    const r = decodeDeviceMessage(topic, encodePayload(scan()));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.topic.kind).toBe('scanner');
  });

  it('rejects bad JSON, with a reason, without throwing', () => {
    const r = decodeDeviceMessage(topic, '{"eventId": ');
    expect(r).toMatchObject({ ok: false, code: 'MALFORMED_JSON' });
  });

  it('rejects invalid UTF-8', () => {
    const r = decodeDeviceMessage(topic, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(r).toMatchObject({ ok: false, code: 'MALFORMED_JSON' });
  });

  it('rejects a schema violation naming the field', () => {
    const r = decodeDeviceMessage(topic, JSON.stringify(scan({ symbology: 'morse', at: -1 })));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('SCHEMA_VIOLATION');
      expect(r.issues?.map((i) => i.path).sort()).toEqual(['at', 'symbology']);
    }
  });

  it('rejects oversize payloads before parsing them', () => {
    const r = decodeDeviceMessage(topic, 'x'.repeat(2000), 1024);
    expect(r).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('rejects a channel the kind never publishes on', () => {
    const r = decodeDeviceMessage('mendian/SH001/printer/p1/event', '{}');
    expect(r).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
    expect(payloadSchemaFor('printer', 'event')).toBeNull();
  });

  it('validates shelf, presence and weight events', () => {
    const shelf = { eventId: ulid(), at: 1, readings: [{ slot: 'A1', grams: 1520, stable: true }] };
    expect(decodeDeviceMessage('mendian/SH001/shelf/s1/event', JSON.stringify(shelf)).ok).toBe(
      true,
    );
    const presence = {
      eventId: ulid(),
      at: 1,
      saltDay: '2026-11-23',
      sightings: [{ macHash: 'ab'.repeat(16), rssi: -60, at: 1 }],
    };
    expect(
      decodeDeviceMessage('mendian/SH001/presence/p1/event', JSON.stringify(presence)).ok,
    ).toBe(true);
    const rawMac = { ...presence, sightings: [{ macHash: 'AA:BB:CC:DD:EE:FF', rssi: -60, at: 1 }] };
    const r = decodeDeviceMessage('mendian/SH001/presence/p1/event', JSON.stringify(rawMac));
    expect(!r.ok && r.issues?.[0]?.path).toBe('sightings[0].macHash');
  });
});

describe('command envelope', () => {
  it('accepts a print request and echoes the transaction in the reply', () => {
    const req = commandRequest.parse({
      transaction: 't-1',
      sentAt: 1,
      deadline: 5001,
      command: 'print',
      params: { jobId: ulid(), kind: 'receipt', document: '^^^Mendian\n' },
    });
    expect(req.command).toBe('print');
    if (req.command === 'print') expect(req.params.copies).toBe(1);
    const reply = commandReply.parse({
      transaction: req.transaction,
      status: 'ok',
      data: {},
      at: 2,
    });
    expect(reply.transaction).toBe('t-1');
  });

  it('refuses a print job with both a document and raw bytes, and an error reply without error', () => {
    const r = commandRequest.safeParse({
      transaction: 't',
      sentAt: 1,
      deadline: 2,
      command: 'print',
      params: { jobId: ulid(), kind: 'receipt', document: 'x', bytesBase64: 'AA==' },
    });
    expect(r.success).toBe(false);
    expect(commandReply.safeParse({ transaction: 't', status: 'error', at: 1 }).success).toBe(
      false,
    );
  });

  it('refuses unknown commands', () => {
    const r = commandRequest.safeParse({
      transaction: 't',
      sentAt: 1,
      deadline: 2,
      command: 'selfDestruct',
      params: {},
    });
    expect(r.success).toBe(false);
  });
});

describe('topic matching keeps $-topics out of first-level wildcards', () => {
  it('follows MQTT-4.7.2-1', () => {
    expect(topicMatches('#', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('+/broker/uptime', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/broker/uptime')).toBe(true);
  });
});
