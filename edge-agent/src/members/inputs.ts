import { z } from 'zod';
import { allowanceAsset, documentId, phoneNumber } from '@mendian/protocol';

export const holdInput = z.object({
  /** The tender line's id: the same hold requested twice is one hold. */
  holdId: documentId,
  memberId: documentId,
  asset: allowanceAsset,
  /** Points, or fen of stored value. */
  amount: z.number().int().min(1).max(1_000_000_000),
  orderId: documentId,
});

export const rewardInput = z.object({
  redemptionId: documentId,
  memberId: documentId,
  points: z.number().int().min(1).max(100_000_000),
  rewardCode: z.string().min(1).max(40),
  staffId: documentId,
});

export const topUpInput = z.object({
  topUpId: documentId,
  memberId: documentId,
  amount: z.number().int().min(1).max(100_000_000),
  staffId: documentId,
});

export const releaseInput = z.object({
  releaseId: documentId,
  memberId: documentId,
  asset: allowanceAsset,
  amount: z.number().int().min(1),
});

export const signupInput = z.object({
  memberId: documentId,
  phone: phoneNumber,
  /** Consent is asked at the till and recorded as given; a profile needs it. */
  consent: z.object({ profile: z.boolean(), marketing: z.boolean() }),
  name: z.string().min(1).max(60).optional(),
  staffId: documentId,
});

export const consentInput = z.object({
  memberId: documentId,
  profile: z.boolean(),
  marketing: z.boolean(),
  presence: z.boolean().default(false),
});

export const lookupInput = z.discriminatedUnion('by', [
  z.object({ by: z.literal('phone'), value: phoneNumber }),
  z.object({ by: z.literal('card'), value: z.string().regex(/^[A-Z0-9]{6,20}$/) }),
  z.object({ by: z.literal('code'), value: z.string().min(1).max(120) }),
]);
