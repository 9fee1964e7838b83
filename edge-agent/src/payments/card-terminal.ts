/**
 * A card payment runs on an external terminal (银联 POS) beside the till: the till sends the
 * amount, the customer taps or inserts, and the terminal answers with a reference (RRN) that the
 * order records. The strategy hides the terminal's link (serial, LAN, vendor SDK).
 */
export type CardResult =
  | { approved: true; rrn: string; authCode: string }
  | { approved: false; code: string; message: string };

export interface CardTerminal {
  sale(amount: number, reference: string): Promise<CardResult>;
}

export class TerminalUnavailableError extends Error {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'TerminalUnavailableError';
  }
}

/** A terminal that approves everything except amounts ending in 99 fen (declined), for demos. */
export class CardTerminalSimulator implements CardTerminal {
  connected = true;
  private rrn = 100_000_000_000;

  sale(amount: number, _reference: string): Promise<CardResult> {
    if (!this.connected)
      return Promise.reject(new TerminalUnavailableError('card terminal offline'));
    if (amount % 100 === 99) {
      return Promise.resolve({
        approved: false,
        code: '51',
        message: '余额不足 / insufficient funds',
      });
    }
    this.rrn++;
    return Promise.resolve({
      approved: true,
      rrn: String(this.rrn),
      authCode: String(this.rrn % 1_000_000).padStart(6, '0'),
    });
  }
}
