/**
 * The lane's sale follows a transitions table with guards, never a set of boolean flags.
 *   open ──tender──▶ tendering ──commit──▶ committed
 *    ▲ │               │
 *    │ └──suspend──▶ suspended (挂单) ──resume──▶ open
 *    └────back─────────┘
 *   open | tendering ──void──▶ voided
 */
export type CartState = 'open' | 'tendering' | 'committed' | 'suspended' | 'voided';
export type CartEvent = 'tender' | 'back' | 'commit' | 'suspend' | 'resume' | 'void';

/** What the guards look at. */
export interface CartFacts {
  lineCount: number;
  /** Settled payments (money already taken). */
  paid: number;
  due: number;
}

interface Transition {
  to: CartState;
  guard: (f: CartFacts) => string | null;
}

const hasLines = (f: CartFacts) => (f.lineCount > 0 ? null : '购物车为空 / the cart is empty');
const noPayments = (f: CartFacts) =>
  f.paid === 0 ? null : '已有付款，请先退款 / payments taken; refund them first';

export const CART_TRANSITIONS: Readonly<Record<CartState, Partial<Record<CartEvent, Transition>>>> =
  {
    open: {
      tender: { to: 'tendering', guard: hasLines },
      suspend: { to: 'suspended', guard: (f) => hasLines(f) ?? noPayments(f) },
      void: { to: 'voided', guard: noPayments },
    },
    tendering: {
      back: { to: 'open', guard: noPayments },
      commit: {
        to: 'committed',
        guard: (f) =>
          f.paid === f.due ? null : `未付清: 应付 ${f.due} 已付 ${f.paid} / not fully paid`,
      },
      void: { to: 'voided', guard: noPayments },
    },
    suspended: { resume: { to: 'open', guard: () => null } },
    committed: {},
    voided: {},
  };

export type TransitionResult = { ok: true; to: CartState } | { ok: false; message: string };

export function nextState(from: CartState, event: CartEvent, facts: CartFacts): TransitionResult {
  const t = CART_TRANSITIONS[from][event];
  if (!t)
    return {
      ok: false,
      message: `不能在 ${from} 状态下 ${event} / cannot ${event} a cart that is ${from}`,
    };
  const why = t.guard(facts);
  return why === null ? { ok: true, to: t.to } : { ok: false, message: why };
}
