/** What the test decoder reports, in stream order. */
export type EscPosEvent =
  | { type: 'init' }
  | { type: 'line'; text: string }
  | { type: 'cut'; partial: boolean }
  | { type: 'drawer'; pin: 2 | 5; onMs: number; offMs: number }
  | { type: 'codePage'; page: number }
  | { type: 'chineseMode'; on: boolean }
  | { type: 'barcode'; system: number; data: string }
  | { type: 'qr'; data: string }
  | { type: 'image'; width: number; height: number }
  | { type: 'statusQuery'; n: number }
  | { type: 'feed'; lines: number };

export interface EscPosDecodeError {
  code: 'UNKNOWN_OPCODE' | 'TRUNCATED' | 'BAD_ARGUMENT';
  offset: number;
  message: string;
}

export interface DecodedEscPos {
  events: EscPosEvent[];
  /** The text lines in order (the `line` events' text). */
  lines: string[];
}
