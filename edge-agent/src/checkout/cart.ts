import { fail, ok, percentOf, ulid, type Payment, type Result } from '@mendian/protocol';
import {
  MANUAL_DISCOUNT_LIMIT_BP,
  permits,
  type Actor,
  type Approval,
} from '../staff/permissions.js';
import { nextState, type CartEvent } from './cart-machine.js';
import type { CartLine, CartMember, CartProduct, CartSnapshot } from './cart-types.js';

export type CartErrorCode =
  'INVALID_STATE' | 'APPROVAL_REQUIRED' | 'NOT_FOUND' | 'BAD_QUANTITY' | 'BAD_AMOUNT';
export type CartResult = Result<CartSnapshot, CartErrorCode>;

export interface AddLineInput {
  product: CartProduct;
  quantity: number;
  regularUnitPrice: number;
  memberUnitPrice: number | null;
  labelAmount?: number | null;
  scannedCode?: string;
}

/** Most pieces on one line, and most grams of one weighed line (a 50 kg sack). */
const MAX_PIECES = 9_999;
const MAX_GRAMS = 50_000;

/**
 * A lane's cart: the lines, member and payments of one sale in progress. Pure domain state; the
 * lane service persists it, audits sensitive steps and publishes changes. Every change returns a
 * typed result; nothing here throws for a cashier's mistake.
 */
export class Cart {
  private s: CartSnapshot;

  constructor(
    snapshot: CartSnapshot,
    private readonly now: () => number = Date.now,
  ) {
    this.s = snapshot;
  }

  static open(laneCode: string, cashierId: string, now: () => number = Date.now): Cart {
    const t = now();
    return new Cart(
      {
        id: ulid(t),
        laneCode,
        cashierId,
        state: 'open',
        lines: [],
        member: null,
        payments: [],
        rounding: 0,
        orderDiscount: null,
        approvals: [],
        createdAt: t,
        updatedAt: t,
      },
      now,
    );
  }

  get snapshot(): CartSnapshot {
    return this.s;
  }

  private update(patch: Partial<CartSnapshot>): CartResult {
    this.s = { ...this.s, ...patch, updatedAt: this.now() };
    return ok(this.s);
  }

  private requireOpen(): CartResult | null {
    return this.s.state === 'open'
      ? null
      : fail('INVALID_STATE', `购物车状态为 ${this.s.state}，不能修改 / cart is ${this.s.state}`);
  }

  private quantityProblem(product: CartProduct, quantity: number): CartResult | null {
    const max = product.soldBy === 'weight' ? MAX_GRAMS : MAX_PIECES;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) {
      return fail('BAD_QUANTITY', `数量必须是 1 到 ${max} 的整数 / quantity must be 1..${max}`);
    }
    return null;
  }

  private withApproval(approval: Approval | undefined): Approval[] {
    return approval ? [...this.s.approvals, approval] : this.s.approvals;
  }

  addLine(input: AddLineInput): CartResult {
    const problem = this.requireOpen() ?? this.quantityProblem(input.product, input.quantity);
    if (problem) return problem;
    // The same piece item scanned again adds to its line, as cashiers expect.
    const same = this.s.lines.find(
      (l) =>
        l.product.productId === input.product.productId &&
        l.product.soldBy === 'piece' &&
        l.override === null &&
        l.manualDiscount === null &&
        l.regularUnitPrice === input.regularUnitPrice,
    );
    if (same && input.product.soldBy === 'piece' && same.quantity + input.quantity <= MAX_PIECES) {
      return this.update({
        lines: this.s.lines.map((l) =>
          l === same ? { ...l, quantity: l.quantity + input.quantity } : l,
        ),
      });
    }
    const line: CartLine = {
      lineId: String(this.s.lines.reduce((m, l) => Math.max(m, Number(l.lineId)), 0) + 1),
      product: input.product,
      quantity: input.quantity,
      regularUnitPrice: input.regularUnitPrice,
      memberUnitPrice: input.memberUnitPrice,
      override: null,
      labelAmount: input.labelAmount ?? null,
      manualDiscount: null,
      ...(input.scannedCode === undefined ? {} : { scannedCode: input.scannedCode }),
    };
    return this.update({ lines: [...this.s.lines, line] });
  }

  private line(lineId: string): CartLine | undefined {
    return this.s.lines.find((l) => l.lineId === lineId);
  }

  setQuantity(lineId: string, quantity: number): CartResult {
    const problem = this.requireOpen();
    if (problem) return problem;
    const l = this.line(lineId);
    if (!l) return fail('NOT_FOUND', `没有第 ${lineId} 行 / no line ${lineId}`);
    if (l.labelAmount !== null) {
      return fail(
        'BAD_QUANTITY',
        '称重标签商品不能改数量 / a scale-label line cannot change quantity',
      );
    }
    const q = this.quantityProblem(l.product, quantity);
    if (q) return q;
    return this.update({ lines: this.s.lines.map((x) => (x === l ? { ...x, quantity } : x)) });
  }

  removeLine(lineId: string): CartResult {
    const problem = this.requireOpen();
    if (problem) return problem;
    if (!this.line(lineId)) return fail('NOT_FOUND', `没有第 ${lineId} 行 / no line ${lineId}`);
    return this.update({ lines: this.s.lines.filter((l) => l.lineId !== lineId) });
  }

  overridePrice(lineId: string, unitPrice: number, actor: Actor, approval?: Approval): CartResult {
    const problem = this.requireOpen();
    if (problem) return problem;
    const l = this.line(lineId);
    if (!l) return fail('NOT_FOUND', `没有第 ${lineId} 行 / no line ${lineId}`);
    if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) {
      return fail('BAD_AMOUNT', '价格必须是非负整数分 / price must be non-negative fen');
    }
    if (!permits(actor, 'priceOverride', approval)) {
      return fail('APPROVAL_REQUIRED', '改价需要主管授权 / a price override needs approval', {
        action: 'priceOverride',
      });
    }
    const byOther =
      approval && approval.approvedBy !== actor.staffId ? approval.approvedBy : undefined;
    return this.update({
      lines: this.s.lines.map((x) =>
        x === l
          ? {
              ...x,
              labelAmount: null,
              override: { unitPrice, ...(byOther ? { approvedBy: byOther } : {}) },
            }
          : x,
      ),
      approvals: this.withApproval(approval),
    });
  }

  /**
   * A manual discount on a line or the whole order (lineId null). Each role may give up to its
   * limit of the cart's gross subtotal alone; beyond it a higher role's approval is needed.
   */
  manualDiscount(
    lineId: string | null,
    amount: number,
    actor: Actor,
    approval?: Approval,
  ): CartResult {
    const problem = this.requireOpen();
    if (problem) return problem;
    if (!Number.isSafeInteger(amount) || amount < 0) {
      return fail('BAD_AMOUNT', '折扣必须是非负整数分 / discount must be non-negative fen');
    }
    const gross = this.s.lines.reduce(
      (s, l) => s + (l.labelAmount ?? l.regularUnitPrice * l.quantity),
      0,
    );
    const allowed = (role: Actor['role']) =>
      amount <= percentOf(gross, MANUAL_DISCOUNT_LIMIT_BP[role]);
    const byApproval = approval?.action === 'manualDiscount' && allowed(approval.role);
    if (!allowed(actor.role) && !byApproval) {
      return fail(
        'APPROVAL_REQUIRED',
        '折扣超出权限，需要经理授权 / discount beyond your limit needs approval',
        {
          action: 'manualDiscount',
        },
      );
    }
    const approvedBy = !allowed(actor.role) && approval ? approval.approvedBy : undefined;
    const value = { amount, ...(approvedBy ? { approvedBy } : {}) };
    if (lineId === null) {
      return this.update({
        orderDiscount: amount === 0 ? null : value,
        approvals: this.withApproval(approval),
      });
    }
    const l = this.line(lineId);
    if (!l) return fail('NOT_FOUND', `没有第 ${lineId} 行 / no line ${lineId}`);
    return this.update({
      lines: this.s.lines.map((x) =>
        x === l ? { ...x, manualDiscount: amount === 0 ? null : value } : x,
      ),
      approvals: this.withApproval(approval),
    });
  }

  attachMember(member: CartMember | null): CartResult {
    const problem = this.requireOpen();
    if (problem) return problem;
    return this.update({ member });
  }

  /** Moves along the transitions table; `due` and `paid` come from the priced cart. */
  transition(event: CartEvent, facts: { due: number; paid: number }): CartResult {
    const r = nextState(this.s.state, event, { lineCount: this.s.lines.length, ...facts });
    if (!r.ok) return fail('INVALID_STATE', r.message);
    // Going back to the basket drops a cash rounding chosen at the till.
    return this.update({ state: r.to, ...(event === 'back' ? { rounding: 0 } : {}) });
  }

  /** Records a settled payment; only while tendering. */
  addPayment(payment: Payment, rounding?: number): CartResult {
    if (this.s.state !== 'tendering') {
      return fail('INVALID_STATE', `只能在结算时付款 / payments only while tendering`);
    }
    return this.update({
      payments: [...this.s.payments, payment],
      ...(rounding === undefined ? {} : { rounding }),
    });
  }
}
