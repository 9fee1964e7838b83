import { z } from 'zod';
import { documentId, epochMs, versioned } from './common.js';

/**
 * Members are shared records: stores and HQ both edit them. Conflicts merge field by field, the
 * later write of each field winning (`fieldUpdatedAt`), so a phone changed at HQ and a consent
 * given at a till while apart both survive.
 */

export const phoneNumber = z
  .string()
  .regex(/^\+?\d{6,15}$/, { message: 'must be 6-15 digits, optionally with a leading +' });

export const memberConsent = z.object({
  /** Consent to keep a profile (name, birthday, device for arrival notice). */
  profile: z.boolean(),
  marketing: z.boolean(),
  /** Opted in to be recognised on arrival by a registered device hash. */
  presence: z.boolean().default(false),
  at: epochMs,
  /** Where consent was given or withdrawn (store id or 'online'). */
  source: z.string().max(40),
});

/** Fields merged last-writer-wins, each with its own timestamp. */
export const MEMBER_LWW_FIELDS = [
  'phone',
  'name',
  'tier',
  'tags',
  'consent',
  'birthday',
  'deviceHashes',
  'status',
  'mergedInto',
  'cardNo',
] as const;
export type MemberLwwField = (typeof MEMBER_LWW_FIELDS)[number];

export const memberSchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  /** Printed on member cards and encoded in the member QR code. */
  cardNo: z
    .string()
    .regex(/^[A-Z0-9]{6,20}$/)
    .nullable(),
  phone: phoneNumber,
  name: z.string().max(60).nullable(),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  tier: z.string().min(1).max(20),
  tags: z.array(z.string().min(1).max(30)).max(50),
  consent: memberConsent,
  /** Hashes of devices the member registered for arrival notices (only with presence consent). */
  deviceHashes: z.array(z.string().regex(/^[0-9a-f]{16,64}$/)).max(5),
  homeStoreId: documentId.nullable(),
  /** Signed up at a till while offline: not yet confirmed by HQ, may be merged into another. */
  provisional: z.boolean(),
  status: z.enum(['active', 'frozen', 'merged', 'erased']),
  /** When status is 'merged': the member this one was merged into. */
  mergedInto: documentId.nullable(),
  fieldUpdatedAt: z.partialRecord(z.enum(MEMBER_LWW_FIELDS), epochMs),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type Member = z.infer<typeof memberSchema>;

/** 13812345678 → 138****5678; shorter numbers keep their first 2 and last 2 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+86/, '');
  if (digits.length >= 11) {
    return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  }
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}

/**
 * Field-level last-writer-wins merge of two versions of a member. For each LWW field, the side
 * with the later timestamp wins; equal timestamps are settled by comparing the values' JSON, so
 * every replica reaches the same result whatever order it sees the writes in.
 */
export function mergeMember(a: Member, b: Member): Member {
  const merged: Member = { ...a, fieldUpdatedAt: { ...a.fieldUpdatedAt } };
  const target = merged as unknown as Record<string, unknown>;
  for (const field of MEMBER_LWW_FIELDS) {
    const ta = a.fieldUpdatedAt[field] ?? 0;
    const tb = b.fieldUpdatedAt[field] ?? 0;
    const va = JSON.stringify(a[field]);
    const vb = JSON.stringify(b[field]);
    if (tb > ta || (tb === ta && vb > va)) {
      target[field] = b[field];
      merged.fieldUpdatedAt[field] = tb;
    }
  }
  merged.provisional = a.provisional && b.provisional;
  merged.updatedAt = Math.max(a.updatedAt, b.updatedAt);
  merged.createdAt = Math.min(a.createdAt, b.createdAt);
  return merged;
}
