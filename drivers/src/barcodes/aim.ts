import type { Symbology } from '@mendian/protocol';

/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + code character + modifier, sent by a scanner
 * ahead of the data when configured to. They tell EAN-13 from UPC-A and GS1-128 from plain
 * Code 128, which the data alone cannot.
 */
export interface AimSplit {
  aimId?: string;
  symbology: Symbology;
  data: string;
}

const AIM_RE = /^\][A-Za-z][0-9A-Za-z]/;

function symbologyOf(aim: string, data: string): Symbology {
  const code = aim[1]!;
  const mod = aim[2]!;
  switch (code) {
    case 'E':
      if (mod === '4') return 'ean8';
      // ]E0 carries UPC-A as 13 digits with a leading 0, and UPC-E as 8 digits (ISO 15424).
      // UPC-E only has number systems 0 and 1; anything else of 8 digits is an EAN-8 sent
      // by a scanner that does not use ]E4.
      if (data.length === 8) return /^[01]/.test(data) ? 'upce' : 'ean8';
      if (data.length === 12 || (data.length === 13 && data.startsWith('0'))) {
        return data.length === 12 ? 'upca' : 'ean13';
      }
      return 'ean13';
    case 'C':
      return mod === '1' ? 'gs1-128' : 'code128';
    case 'A':
      return 'code39';
    case 'I':
      return 'itf';
    case 'e':
      return 'gs1-databar';
    case 'Q':
      return 'qr';
    case 'd':
      return mod === '2' ? 'gs1-datamatrix' : 'datamatrix';
    case 'L':
      return 'pdf417';
    default:
      return 'unknown';
  }
}

/** Splits an AIM prefix from scanned text; without one, guesses the symbology from the data. */
export function splitAim(text: string): AimSplit {
  if (AIM_RE.test(text)) {
    const aimId = text.slice(0, 3);
    const data = text.slice(3);
    return { aimId, symbology: symbologyOf(aimId, data), data };
  }
  return { symbology: guessSymbology(text), data: text };
}

function guessSymbology(data: string): Symbology {
  if (/^\d{13}$/.test(data)) return 'ean13';
  if (/^\d{8}$/.test(data)) return 'ean8';
  if (/^\d{12}$/.test(data)) return 'upca';
  return 'unknown';
}
