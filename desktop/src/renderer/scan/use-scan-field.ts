import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { actionFor, type CashierAction, type Keymap } from '../state/keymap.js';
import { browserTimers, createScanInput, type ScanInput } from './scan-input.js';

export interface ScanFieldOptions {
  keymap: Keymap;
  /** A whole scanner burst. */
  onScan: (data: string) => void;
  /** Enter pressed on typed text. */
  onSubmit: (text: string) => void;
  onAction: (action: CashierAction) => void;
  maxGapMs?: number;
  minLength?: number;
}

export interface ScanField {
  ref: RefObject<HTMLInputElement | null>;
  text: string;
  setText: (text: string) => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  /** Keeps the field focused: every blur hands focus straight back. */
  onBlur: () => void;
}

/**
 * The always-focused scan field. Keys go through the wedge detector; function keys go to the
 * keymap; IME composition (typing Chinese) bypasses the detector so pinyin input still works.
 */
export function useScanField(options: ScanFieldOptions): ScanField {
  const ref = useRef<HTMLInputElement | null>(null);
  const [text, setText] = useState('');
  const textRef = useRef('');
  textRef.current = text;
  const opts = useRef(options);
  opts.current = options;
  const inputRef = useRef<ScanInput | null>(null);

  useEffect(() => {
    const input = createScanInput(
      {
        onScan: (data) => opts.current.onScan(data),
        onTyped: (t) => setText((prev) => prev + t),
        onSubmit: () => {
          const value = textRef.current;
          setText('');
          opts.current.onSubmit(value);
        },
      },
      browserTimers,
      {
        ...(options.maxGapMs === undefined ? {} : { maxGapMs: options.maxGapMs }),
        ...(options.minLength === undefined ? {} : { minLength: options.minLength }),
      },
    );
    inputRef.current = input;
    ref.current?.focus();
    return () => input.dispose();
  }, [options.maxGapMs, options.minLength]);

  return {
    ref,
    text,
    setText,
    onKeyDown(e) {
      if (e.nativeEvent.isComposing) return;
      const action = actionFor(opts.current.keymap, e);
      if (action) {
        e.preventDefault();
        opts.current.onAction(action);
        return;
      }
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.key === 'Backspace') return;
      if (inputRef.current?.keydown(e.key, e.timeStamp)) e.preventDefault();
    },
    onBlur() {
      // Let a click land first (a touch button), then take focus back for the scanner.
      setTimeout(() => {
        const active = document.activeElement;
        if (active && active !== document.body && active.hasAttribute('data-keep-focus')) return;
        ref.current?.focus();
      }, 0);
    },
  };
}
