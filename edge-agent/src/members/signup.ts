import { fail, ok, safeParse, type Member, type Result } from '@mendian/protocol';
import type { MemberFailureCode } from './errors.js';
import { consentInput, signupInput } from './inputs.js';
import type { MemberDirectory } from './member-directory.js';

export interface SignupDeps {
  storeId: string;
  now: () => number;
  directory: MemberDirectory;
  /** The tier a new member starts in (HQ's entry tier). */
  entryTier: string;
}

/**
 * Signs a member up at the till, also offline: a provisional member (HQ confirms or merges it),
 * with the consent given recorded. A phone the store already knows is refused with the existing
 * member, so the cashier uses that one instead of making a duplicate; duplicates made in two
 * stores while offline are merged by HQ (protocol mergeMembers).
 */
export function signUp(deps: SignupDeps, input: unknown): Result<Member, MemberFailureCode> {
  const parsed = safeParse(signupInput, input, 'member signup');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const s = parsed.value;
  const existing = deps.directory.byPhone(s.phone);
  if (existing.length > 0) {
    return fail('DUPLICATE_PHONE', 'a member with this phone already exists', {
      memberIds: existing.map((m) => m.id),
    });
  }
  if (deps.directory.get(s.memberId)) return fail('DUPLICATE', `member ${s.memberId} exists`);
  if (s.name !== undefined && !s.consent.profile) {
    return fail('NO_CONSENT', 'a name is kept only with profile consent');
  }
  const now = deps.now();
  const member: Member = {
    schemaVersion: 1,
    id: s.memberId,
    cardNo: null,
    phone: s.phone,
    name: s.name ?? null,
    birthday: null,
    tier: deps.entryTier,
    tags: [],
    consent: {
      profile: s.consent.profile,
      marketing: s.consent.marketing,
      presence: false,
      at: now,
      source: deps.storeId,
    },
    deviceHashes: [],
    homeStoreId: deps.storeId,
    provisional: true,
    status: 'active',
    mergedInto: null,
    fieldUpdatedAt: { phone: now, name: now, tier: now, consent: now, status: now },
    createdAt: now,
    updatedAt: now,
  };
  deps.directory.saveLocal(member, now);
  return ok(member);
}

/**
 * Records consent given or withdrawn at the till. Withdrawing profile consent removes the profile
 * data here at once (and, through the member's LWW consent field, at HQ and every other store on
 * their next sync).
 */
export function recordConsent(deps: SignupDeps, input: unknown): Result<Member, MemberFailureCode> {
  const parsed = safeParse(consentInput, input, 'consent');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const c = parsed.value;
  const m = deps.directory.get(c.memberId);
  if (!m) return fail('NOT_FOUND', `no member ${c.memberId}`);
  const now = Math.max(deps.now(), (m.fieldUpdatedAt.consent ?? 0) + 1);
  const updated: Member = {
    ...m,
    consent: {
      profile: c.profile,
      marketing: c.marketing,
      presence: c.presence,
      at: now,
      source: deps.storeId,
    },
    fieldUpdatedAt: { ...m.fieldUpdatedAt, consent: now },
    updatedAt: now,
  };
  if (!c.profile) {
    updated.name = null;
    updated.birthday = null;
    updated.deviceHashes = [];
    updated.fieldUpdatedAt = {
      ...updated.fieldUpdatedAt,
      name: now,
      birthday: now,
      deviceHashes: now,
    };
  }
  deps.directory.saveLocal(updated, now);
  return ok(updated);
}
