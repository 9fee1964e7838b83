import { describe, expect, it } from 'vitest';
import { SCALE_CODECS } from '@mendian/drivers/scales/codecs';
import type { ScaleReading } from '@mendian/drivers/scales/scale-codec';
import { seededRandom } from '@mendian/drivers/simulators/prng';

const UNITS: Record<string, ScaleReading['displayUnit'][]> = {
  'toledo-continuous': ['kg'],
  'cas-22': ['kg', 'jin'],
  'aclas-os2': ['kg', 'jin'],
};

// Every scale protocol passes the same suite: encode/decode round trip, framing under arbitrary
// splits and noise, and random bytes never throwing.
describe.each(Object.entries(SCALE_CODECS))('scale codec conformance: %s', (name, codec) => {
  it('round-trips 2 000 readings (5 g divisions, 0-15 kg, stable/unstable, tare where carried)', () => {
    const random = seededRandom(17);
    for (let i = 0; i < 2000; i++) {
      const units = UNITS[name]!;
      const unit = units[Math.floor(random() * units.length)]!;
      const grams = Math.round((random() * 15_000) / 5) * 5 * (random() < 0.1 ? -1 : 1);
      const tareGrams = name === 'toledo-continuous' && random() < 0.3 ? 500 : 0;
      const r: ScaleReading = {
        grams,
        tareGrams,
        stable: random() < 0.5,
        overload: false,
        underload: false,
        displayUnit: unit,
      };
      const back = codec.decode(codec.encode(r));
      expect(back).toEqual({ ok: true, value: r });
    }
  });

  it('extracts every frame from a noisy stream cut into random chunks', () => {
    const random = seededRandom(23);
    const frames = Array.from({ length: 50 }, (_, i) =>
      codec.encode({
        grams: i * 5,
        tareGrams: 0,
        stable: true,
        overload: false,
        underload: false,
        displayUnit: 'kg',
      }),
    );
    const stream: number[] = [];
    for (const f of frames) {
      if (random() < 0.3) stream.push(0x20, 0x7f); // line noise between frames
      stream.push(...f);
    }
    let rest: Uint8Array = new Uint8Array(0);
    const decoded: number[] = [];
    let pos = 0;
    while (pos < stream.length) {
      const n = 1 + Math.floor(random() * 30);
      const merged = Uint8Array.from([...rest, ...stream.slice(pos, pos + n)]);
      pos += n;
      const r = codec.extract(merged);
      rest = r.rest;
      for (const f of r.frames) {
        const d = codec.decode(f);
        if (d.ok) decoded.push(d.value.grams);
      }
    }
    expect(decoded).toEqual(frames.map((_, i) => i * 5));
  });

  it('random bytes: no throw, only typed frame errors', () => {
    const random = seededRandom(31);
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from({ length: Math.floor(random() * 40) }, () =>
        Math.floor(random() * 256),
      );
      const r = codec.extract(b);
      for (const f of r.frames) {
        const d = codec.decode(f);
        if (!d.ok) expect(['BAD_FRAME', 'BAD_CHECKSUM', 'BAD_NUMBER']).toContain(d.error.code);
      }
      const d = codec.decode(b);
      if (!d.ok) expect(['BAD_FRAME', 'BAD_CHECKSUM', 'BAD_NUMBER']).toContain(d.error.code);
    }
  });
});
