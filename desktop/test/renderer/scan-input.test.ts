import { describe, expect, it } from 'vitest';
import { createScanInput, type Timers } from '../../src/renderer/scan/scan-input.js';

/** A manual clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(id);
          t.fn();
        }
      }
    },
    get now() {
      return now;
    },
  };
}

function harness() {
  const clock = manualTimers();
  const log: string[] = [];
  const input = createScanInput(
    {
      onScan: (d) => log.push(`scan:${d}`),
      onTyped: (t) => log.push(`typed:${t}`),
      onSubmit: () => log.push('submit'),
    },
    clock.timers,
    { maxGapMs: 40, minLength: 6 },
  );
  const type = (text: string, gapMs: number) => {
    for (const ch of text) {
      input.keydown(ch === '\n' ? 'Enter' : ch, clock.now);
      clock.advance(gapMs);
    }
  };
  return { clock, log, input, type };
}

describe('scan field input', () => {
  it('turns a fast burst ending in Enter into one scan, never typed text', () => {
    const h = harness();
    h.type('6901234567892\n', 5);
    expect(h.log).toEqual(['scan:6901234567892']);
  });

  it('detects a burst without a suffix after the pause', () => {
    const h = harness();
    h.type('6901234567892', 5);
    h.clock.advance(100);
    expect(h.log).toEqual(['scan:6901234567892']);
  });

  it('hands a person’s slow typing back as text and Enter as submit', () => {
    const h = harness();
    h.type('nfsq\n', 150);
    expect(h.log).toEqual(['typed:n', 'typed:f', 'typed:s', 'typed:q', 'submit']);
  });

  it('leaves a short fast burst to the person (below the minimum scan length)', () => {
    const h = harness();
    h.type('3*\n', 5);
    expect(h.log).toEqual(['typed:3*', 'submit']);
  });

  it('does not take function keys, so the keymap sees them', () => {
    const h = harness();
    expect(h.input.keydown('F4', 0)).toBe(false);
    expect(h.input.keydown('a', 0)).toBe(true);
  });
});
