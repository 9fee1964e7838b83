/**
 * Keyboard-wedge scan detector for the cashier UI. A wedge scanner "types" its code; what tells
 * it from a person is rhythm: a scanner sends every character within a few (fast) to a few tens
 * (slow, Bluetooth) of milliseconds, a person rarely holds under ~60 ms between keys for more
 * than two or three keys in a row. Key timings in, scans or pass-through keys out.
 *
 * Pure on purpose (no DOM, no Node, no timers): the UI feeds `push` from keydown events and calls
 * `flush(now)` from its own timer so that scanners without a suffix are detected too.
 */

export interface WedgeKey {
  /** KeyboardEvent.key: one character, or a name such as 'Enter', 'Tab', 'Shift'. */
  key: string;
  /** Time of the keydown in ms (any monotonic clock). */
  at: number;
}

export interface WedgeOptions {
  /** Longest gap between two keys of one scan. */
  maxGapMs?: number;
  /** Shortest code accepted as a scan (short bursts are left to the person). */
  minLength?: number;
  /** Keys that end a scan (not part of the data). Empty: only a pause ends it. */
  suffixKeys?: readonly string[];
  /** Require a suffix key: a burst that just stops is then handed back as keys. */
  requireSuffix?: boolean;
  /** A prefix the scanner is configured to send (stripped when present). */
  prefix?: string;
  /** The key the scanner types for GS (FNC1), e.g. 'F8'; it becomes \u001d in the data. */
  gsKey?: string;
}

export type WedgeOutput =
  | {
      kind: 'scan';
      data: string;
      aimId?: string;
      startedAt: number;
      endedAt: number;
      /** Mean ms between keys, for diagnosis of slow scanners. */
      meanGapMs: number;
    }
  | { kind: 'keys'; keys: WedgeKey[] };

const IGNORED = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'NumLock']);

export interface WedgeDetector {
  push(key: WedgeKey): WedgeOutput[];
  /** Ends a burst that has been idle longer than maxGapMs at `now`. */
  flush(now: number): WedgeOutput[];
  /** True while keys are held back as a possible scan (the UI should not show them yet). */
  readonly pending: boolean;
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const maxGapMs = options.maxGapMs ?? 50;
  const minLength = options.minLength ?? 6;
  const suffixKeys = new Set(options.suffixKeys ?? ['Enter', 'Tab']);
  const requireSuffix = options.requireSuffix ?? false;
  const prefix = options.prefix ?? '';
  let buffer: WedgeKey[] = [];

  function charOf(k: WedgeKey): string {
    if (options.gsKey !== undefined && k.key === options.gsKey) return '\u001d';
    return k.key;
  }

  function decide(suffix: WedgeKey | undefined): WedgeOutput[] {
    const keys = buffer;
    buffer = [];
    if (keys.length === 0) return suffix ? [{ kind: 'keys', keys: [suffix] }] : [];
    let text = keys.map(charOf).join('');
    const span = (suffix?.at ?? keys[keys.length - 1]!.at) - keys[0]!.at;
    const gaps = keys.length - (suffix ? 0 : 1);
    const meanGapMs = gaps > 0 ? span / gaps : 0;
    if (prefix !== '' && text.startsWith(prefix)) text = text.slice(prefix.length);
    const isScan =
      text.length >= minLength &&
      meanGapMs <= maxGapMs &&
      keys.every((k) => k.key.length === 1 || k.key === options.gsKey) &&
      (suffix !== undefined || !requireSuffix);
    if (!isScan) return [{ kind: 'keys', keys: suffix ? [...keys, suffix] : keys }];
    let aimId: string | undefined;
    if (/^\][A-Za-z][0-9A-Za-z]/.test(text)) {
      aimId = text.slice(0, 3);
      text = text.slice(3);
    }
    const out: WedgeOutput = {
      kind: 'scan',
      data: text,
      startedAt: keys[0]!.at,
      endedAt: suffix?.at ?? keys[keys.length - 1]!.at,
      meanGapMs,
    };
    if (aimId !== undefined) out.aimId = aimId;
    return [out];
  }

  return {
    get pending() {
      return buffer.length > 0;
    },
    push(k) {
      if (IGNORED.has(k.key)) return [];
      const out: WedgeOutput[] = [];
      const last = buffer[buffer.length - 1];
      if (last && k.at - last.at > maxGapMs) out.push(...decide(undefined));
      if (suffixKeys.has(k.key)) {
        out.push(...decide(k));
        return out;
      }
      if (k.key.length !== 1 && k.key !== options.gsKey) {
        // A named key (arrow, F-key) inside a burst is a person, not a scanner.
        buffer.push(k);
        out.push(...decide(undefined));
        return out;
      }
      buffer.push(k);
      return out;
    },
    flush(now) {
      const last = buffer[buffer.length - 1];
      if (!last || now - last.at <= maxGapMs) return [];
      return decide(undefined);
    },
  };
}
