import {
  createWedgeDetector,
  type WedgeKey,
  type WedgeOptions,
} from '@mendian/drivers/scanners/wedge-detector';

/**
 * The scan field's brain: every printable keydown goes through the keyboard-wedge detector, so a
 * scanner burst becomes one scan and never shows up as typed text, while a person's keys are
 * handed back and typed into the field a moment later. Timers are injected so tests drive time.
 */

export interface ScanInputEvents {
  /** A complete scanner burst (suffix stripped). */
  onScan(data: string, meanGapMs: number): void;
  /** Characters a person typed, to append to the field. */
  onTyped(text: string): void;
  /** Enter typed by a person: submit the field's text. */
  onSubmit(): void;
}

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ScanInput {
  /** Feeds one keydown; returns true when the key was taken (the caller prevents the default). */
  keydown(key: string, at?: number): boolean;
  dispose(): void;
}

const SUBMIT_KEYS = new Set(['Enter']);

export function createScanInput(
  events: ScanInputEvents,
  timers: Timers,
  options: WedgeOptions = {},
): ScanInput {
  const maxGapMs = options.maxGapMs ?? 50;
  const detector = createWedgeDetector({ suffixKeys: ['Enter', 'Tab'], ...options });
  let timer: unknown = null;

  function emit(outputs: ReturnType<typeof detector.push>): void {
    for (const o of outputs) {
      if (o.kind === 'scan') {
        events.onScan(o.data, o.meanGapMs);
        continue;
      }
      let text = '';
      for (const k of o.keys) {
        if (k.key.length === 1) text += k.key;
        else if (SUBMIT_KEYS.has(k.key)) {
          if (text) events.onTyped(text);
          text = '';
          events.onSubmit();
        }
      }
      if (text) events.onTyped(text);
    }
  }

  function arm(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (!detector.pending) return;
    // A burst without a suffix ends by silence: flush just after the longest allowed gap.
    timer = timers.setTimeout(() => {
      timer = null;
      emit(detector.flush(timers.now()));
      arm();
    }, maxGapMs + 1);
  }

  return {
    keydown(key, at = timers.now()) {
      const printable = key.length === 1;
      if (!printable && !SUBMIT_KEYS.has(key) && key !== 'Tab' && key !== options.gsKey) {
        return false;
      }
      const k: WedgeKey = { key, at };
      emit(detector.push(k));
      arm();
      return true;
    },
    dispose() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

export const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};
