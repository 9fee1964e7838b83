/**
 * DLE EOT replies (Epson ESC/POS "Transmit real-time status"). Every reply byte has bit 1 and
 * bit 4 set and bits 0 and 7 clear; a byte that does not is not a status reply.
 */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export interface PrinterStatusBits {
  online: boolean;
  /** Drawer kick connector pin 3 (many drawers report "open" as high). */
  drawerSignal: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperLow: boolean;
  error: boolean;
}

/** Combines the replies to DLE EOT 1, 2 and 4. */
export function parseStatus(
  printer: number,
  offlineCause: number,
  paper: number,
): PrinterStatusBits {
  return {
    online: (printer & 0x08) === 0,
    drawerSignal: (printer & 0x04) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperLow: (paper & 0x0c) !== 0,
    error: (offlineCause & 0x40) !== 0,
  };
}

/** The bytes a printer in this condition answers (the simulator uses it). */
export function encodeStatus(n: 1 | 2 | 3 | 4, s: PrinterStatusBits): number {
  switch (n) {
    case 1:
      return 0x12 | (s.online ? 0 : 0x08) | (s.drawerSignal ? 0x04 : 0);
    case 2:
      return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0);
    case 3:
      return 0x12;
    case 4:
      return 0x12 | (s.paperLow ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
  }
}
