import { describe, expect, it } from 'vitest';
import { aclasOs2 } from '@mendian/drivers/scales/aclas-os2';
import { cas22 } from '@mendian/drivers/scales/cas-22';
import type { ScaleReading } from '@mendian/drivers/scales/scale-codec';
import { toledoContinuous } from '@mendian/drivers/scales/toledo-continuous';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const stable = (
  grams: number,
  unit: ScaleReading['displayUnit'] = 'kg',
  tareGrams = 0,
): ScaleReading => ({
  grams,
  tareGrams,
  stable: true,
  overload: false,
  underload: false,
  displayUnit: unit,
});

describe('Mettler Toledo continuous', () => {
  // STX, A=0x2D (dp code 5 = 3 decimals, increment x1), B=0x30 (kg, gross, stable), C=0x20,
  // weight 001235, tare 000000, CR, checksum.
  const fixture = Buffer.from(
    '022d3020' + Buffer.from('001235000000').toString('hex') + '0d',
    'hex',
  );
  const sum = [...fixture].reduce((a, b) => a + b, 0);
  const frame = Uint8Array.from([...fixture, -sum & 0x7f]);

  it('decodes a byte fixture', () => {
    expect(toledoContinuous.decode(frame)).toEqual({ ok: true, value: stable(1235) });
  });

  it('motion, negative, net with tare, overload', () => {
    const f = toledoContinuous.encode({
      grams: -250,
      tareGrams: 500,
      stable: false,
      overload: false,
      underload: false,
      displayUnit: 'kg',
    });
    expect(toledoContinuous.decode(f)).toEqual({
      ok: true,
      value: {
        grams: -250,
        tareGrams: 500,
        stable: false,
        overload: false,
        underload: false,
        displayUnit: 'kg',
      },
    });
    const o = toledoContinuous.encode({ ...stable(16000), overload: true });
    expect(toledoContinuous.decode(o)).toMatchObject({ ok: true, value: { overload: true } });
  });

  it('refuses a bad checksum and frames without the always-set bits', () => {
    const bad = frame.slice();
    bad[17] = (bad[17]! + 1) & 0x7f;
    expect(toledoContinuous.decode(bad)).toMatchObject({
      ok: false,
      error: { code: 'BAD_CHECKSUM' },
    });
    const noBit = frame.slice();
    noBit[1] = 0x0d;
    expect(toledoContinuous.decode(noBit)).toMatchObject({
      ok: false,
      error: { code: 'BAD_FRAME' },
    });
  });

  it('extracts frames from a stream that starts mid-frame and is split anywhere', () => {
    const stream = Uint8Array.from([...frame.subarray(7), ...frame, ...frame.subarray(0, 5)]);
    const r = toledoContinuous.extract(stream);
    expect(r.frames.map(hex)).toEqual([hex(frame)]);
    expect(r.rest.length).toBe(5);
    expect(r.skipped).toBe(11);
  });
});

describe('CAS 22-byte', () => {
  const fixture = new TextEncoder().encode('ST,GS,\u0001\u0040,+001.235 kg\r\n');
  it('decodes a byte fixture', () => {
    expect(fixture.length).toBe(22);
    expect(cas22.decode(fixture)).toEqual({ ok: true, value: stable(1235) });
  });
  it('unstable, overload, units', () => {
    const us = new TextEncoder().encode('US,GS,\u0001\u0040,+000.995 kg\r\n');
    expect(cas22.decode(us)).toMatchObject({ ok: true, value: { grams: 995, stable: false } });
    // Over range: the data field is a sign and blanks.
    const ol = new TextEncoder().encode('OL,GS,\u0001\u0040,+        kg\r\n');
    expect(ol.length).toBe(22);
    expect(cas22.decode(ol)).toMatchObject({ ok: true, value: { overload: true, stable: false } });
    expect(cas22.decode(cas22.encode(stable(1500, 'jin')))).toMatchObject({
      ok: true,
      value: { grams: 1500, displayUnit: 'jin' },
    });
  });
  it('refuses garbage with a reason', () => {
    expect(
      cas22.decode(new TextEncoder().encode('XX,GS,\u0001\u0040,+001.235 kg\r\n')),
    ).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
    expect(
      cas22.decode(new TextEncoder().encode('ST,GS,\u0001\u0040,+0a1.235 kg\r\n')),
    ).toMatchObject({ ok: false, error: { code: 'BAD_NUMBER' } });
  });
  it('extracts consecutive frames with different headers', () => {
    const us = cas22.encode({ ...stable(995), stable: false });
    const st = cas22.encode(stable(1000));
    const r = cas22.extract(Uint8Array.from([0x33, ...us, ...st, ...us.subarray(0, 1)]));
    expect(r.frames).toHaveLength(2);
    expect(r.rest.length).toBe(1);
  });
});

describe('Aclas OS2', () => {
  // SOH STX 'S' ' ' ' 1.235' 'kg' BCC ETX EOT
  const body = new TextEncoder().encode('S  1.235kg');
  const bcc = body.reduce((x, v) => x ^ v, 0);
  const fixture = Uint8Array.from([0x01, 0x02, ...body, bcc, 0x03, 0x04]);
  it('decodes a byte fixture', () => {
    expect(aclasOs2.decode(fixture)).toEqual({ ok: true, value: stable(1235) });
  });
  it('jin (市斤) becomes grams at 500 g per jin; negative and abnormal', () => {
    const jin = aclasOs2.encode(stable(1250, 'jin'));
    expect(new TextDecoder().decode(jin.subarray(2, 12))).toBe('S  2.500SJ');
    expect(aclasOs2.decode(jin)).toEqual({ ok: true, value: stable(1250, 'jin') });
    expect(aclasOs2.decode(aclasOs2.encode({ ...stable(-35) }))).toMatchObject({
      ok: true,
      value: { grams: -35 },
    });
    expect(aclasOs2.decode(aclasOs2.encode({ ...stable(0), overload: true }))).toMatchObject({
      ok: true,
      value: { overload: true },
    });
  });
  it('refuses a bad BCC', () => {
    const bad = fixture.slice();
    bad[12] = bad[12]! ^ 1;
    expect(aclasOs2.decode(bad)).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM' } });
  });
});
