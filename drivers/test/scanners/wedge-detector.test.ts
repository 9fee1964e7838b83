import { describe, expect, it } from 'vitest';
import {
  createWedgeDetector,
  type WedgeKey,
  type WedgeOutput,
} from '@mendian/drivers/scanners/wedge-detector';

/**
 * Key timings. Gaps are in ms between keydowns. The scanner profiles follow what USB HID
 * keyboard-wedge scanners do (one key per 1 ms USB frame up to a host-limited ~8 ms; slower
 * Bluetooth units at 15-35 ms); the human profiles are a fast typist (80-140 ms with an
 * occasional 40 ms roll-over) and a cashier keying a code from the box (150-400 ms).
 * They are reconstructed profiles, not captures from hardware on this machine.
 */
function keys(text: string, gaps: readonly number[], start = 1000, suffix?: string): WedgeKey[] {
  const out: WedgeKey[] = [];
  let at = start;
  [...text].forEach((ch, i) => {
    at += i === 0 ? 0 : gaps[(i - 1) % gaps.length]!;
    out.push({ key: ch, at });
  });
  if (suffix) out.push({ key: suffix, at: at + gaps[0]! });
  return out;
}

const FAST_USB = [4, 4, 5, 4, 8, 4, 4, 5];
const SLOW_BLUETOOTH = [22, 35, 18, 30, 27, 33, 16, 25];
const FAST_TYPIST = [95, 40, 120, 88, 135, 102, 80, 140];
const CASHIER_FROM_BOX = [210, 380, 160, 250, 300, 190, 400];

function run(
  input: WedgeKey[],
  options?: Parameters<typeof createWedgeDetector>[0],
): WedgeOutput[] {
  const d = createWedgeDetector(options);
  const out = input.flatMap((k) => d.push(k));
  const last = input[input.length - 1]!;
  return [...out, ...d.flush(last.at + 1000)];
}

describe('keyboard-wedge burst detector', () => {
  it('a fast USB scanner with Enter suffix is one scan', () => {
    const out = run(keys('6901234567892', FAST_USB, 1000, 'Enter'));
    expect(out).toEqual([
      {
        kind: 'scan',
        data: '6901234567892',
        startedAt: 1000,
        endedAt: expect.any(Number) as number,
        meanGapMs: expect.any(Number) as number,
      },
    ]);
  });

  it('a slow Bluetooth scanner without suffix is found when the line goes quiet', () => {
    const out = run(keys('6901234567892', SLOW_BLUETOOTH));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'scan', data: '6901234567892' });
  });

  it('human typing is passed through as keys, even with roll-over', () => {
    for (const gaps of [FAST_TYPIST, CASHIER_FROM_BOX]) {
      const out = run(keys('6901234567892', gaps, 0, 'Enter'));
      expect(out.every((o) => o.kind === 'keys')).toBe(true);
      expect(out.flatMap((o) => (o.kind === 'keys' ? o.keys.map((k) => k.key) : [])).join('')).toBe(
        '6901234567892Enter',
      );
    }
  });

  it('strips a configured prefix and reads the AIM id', () => {
    const out = run(keys('#]C10109501101020917', FAST_USB, 0, 'Enter'), { prefix: '#' });
    expect(out[0]).toMatchObject({ kind: 'scan', aimId: ']C1', data: '0109501101020917' });
  });

  it('maps the configured GS key to \\u001d inside GS1 data', () => {
    const input = keys('0109501101020917', FAST_USB, 0);
    const last = input[input.length - 1]!;
    input.push({ key: 'F8', at: last.at + 4 }, ...keys('10AB', FAST_USB, last.at + 8, 'Enter'));
    const out = run(input, { gsKey: 'F8' });
    expect(out).toMatchObject([{ kind: 'scan', data: '0109501101020917\u001d10AB' }]);
  });

  it('two scans back to back, separated by their suffixes', () => {
    const a = keys('6901234567892', FAST_USB, 0, 'Enter');
    const b = keys('73513537', FAST_USB, a[a.length - 1]!.at + 300, 'Enter');
    expect(run([...a, ...b]).map((o) => (o.kind === 'scan' ? o.data : 'keys'))).toEqual([
      '6901234567892',
      '73513537',
    ]);
  });

  it('a short burst (a person pressing two keys at once) stays keys', () => {
    expect(run(keys('12', FAST_USB, 0, 'Enter'))[0]?.kind).toBe('keys');
  });

  it('requireSuffix hands a suffix-less burst back as keys', () => {
    expect(run(keys('6901234567892', FAST_USB), { requireSuffix: true })[0]?.kind).toBe('keys');
  });

  it('modifier keys between characters do not break a scan', () => {
    const input = keys('ABCDEF12', FAST_USB, 0, 'Enter').flatMap((k) =>
      k.key === 'C' ? [{ key: 'Shift', at: k.at - 1 }, k] : [k],
    );
    expect(run(input)[0]).toMatchObject({ kind: 'scan', data: 'ABCDEF12' });
  });

  it('holds keys back while a burst may still be a scan (pending)', () => {
    const d = createWedgeDetector();
    d.push({ key: '6', at: 0 });
    expect(d.pending).toBe(true);
    expect(d.flush(20)).toEqual([]);
    expect(d.flush(100)).toEqual([{ kind: 'keys', keys: [{ key: '6', at: 0 }] }]);
    expect(d.pending).toBe(false);
  });
});
