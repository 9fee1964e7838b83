import { err, ok, type Result } from '../errors.js';

/**
 * HID-POS barcode scanner input reports (USB HID usage page 0x8C, "Bar Code Scanner" page).
 * The common Scanned Data Report carries: report id, data length, a 3-byte symbology id (AIM
 * id on Honeywell and Zebra when AIM is enabled, else zeros), up to 56 data bytes, and a final
 * byte whose bit 0 says more reports follow for a longer code. Offsets are model data, since
 * vendors differ.
 */
export interface HidPosLayout {
  reportId: number;
  lengthOffset: number;
  symbologyOffset: number;
  dataOffset: number;
  /** Index of the byte whose bit 0 means "continued in the next report" (-1: last byte). */
  continuationOffset: number;
}

export const HID_POS_USAGE_PAGE = 0x8c;

export const DEFAULT_HID_POS_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  symbologyOffset: 2,
  dataOffset: 5,
  continuationOffset: -1,
};

export interface HidPosChunk {
  aimId?: string;
  data: Uint8Array;
  more: boolean;
}

export function decodeHidPosReport(
  report: Uint8Array,
  layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT,
): Result<HidPosChunk, { code: 'NOT_SCAN_REPORT' | 'TRUNCATED'; message: string }> {
  if (report[0] !== layout.reportId) {
    return err({ code: 'NOT_SCAN_REPORT', message: `report id ${report[0]} is not a scan report` });
  }
  const len = report[layout.lengthOffset] ?? 0;
  const contIdx =
    layout.continuationOffset < 0
      ? report.length + layout.continuationOffset
      : layout.continuationOffset;
  if (layout.dataOffset + len > contIdx) {
    return err({
      code: 'TRUNCATED',
      message: `length ${len} runs past the report (${report.length} bytes)`,
    });
  }
  const sym = report.subarray(layout.symbologyOffset, layout.symbologyOffset + 3);
  const aimText = String.fromCharCode(...sym);
  const chunk: HidPosChunk = {
    data: report.slice(layout.dataOffset, layout.dataOffset + len),
    more: ((report[contIdx] ?? 0) & 1) === 1,
  };
  if (/^\][A-Za-z][0-9A-Za-z]$/.test(aimText)) chunk.aimId = aimText;
  return ok(chunk);
}

/** Builds a report in the same layout (the scanner simulator and tests use it). */
export function encodeHidPosReports(
  aimId: string | undefined,
  data: Uint8Array,
  layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT,
  reportSize = 64,
): Uint8Array[] {
  const per = reportSize - layout.dataOffset - 1;
  const out: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < data.length; i += per) {
    const part = data.subarray(i, i + per);
    const r = new Uint8Array(reportSize);
    r[0] = layout.reportId;
    r[layout.lengthOffset] = part.length;
    if (aimId) for (let k = 0; k < 3; k++) r[layout.symbologyOffset + k] = aimId.charCodeAt(k);
    r.set(part, layout.dataOffset);
    r[reportSize - 1] = i + per < data.length ? 1 : 0;
    out.push(r);
  }
  return out;
}
