import { fail, ok, ulid, type Payment, type Result } from '@mendian/protocol';
import type { CardTerminal } from './card-terminal.js';
import type { IntentStore, PaymentIntent } from './intent-store.js';
import {
  GatewayUnreachableError,
  type WalletGateway,
  type WalletProvider,
} from './wallet-gateway.js';

export type PaymentFailure =
  'GATEWAY_UNREACHABLE' | 'DECLINED' | 'TIMEOUT' | 'NO_GATEWAY' | 'TERMINAL_UNAVAILABLE';

export interface PaymentServiceOptions {
  intents: IntentStore;
  gateways: Partial<Record<WalletProvider, WalletGateway>>;
  card: CardTerminal;
  now?: () => number;
  /** Poll interval while the customer confirms in the app (USERPAYING). */
  pollIntervalMs?: number;
  /** After this the trade is reversed and the cashier asked for another tender. */
  userPayingTimeoutMs?: number;
  /** After a network failure the wallet is shown unavailable for this long (no 30 s waits). */
  unreachableHoldMs?: number;
}

export interface WalletStatus {
  provider: WalletProvider;
  reachable: boolean;
  lastError: string | null;
  since: number | null;
}

export interface RecoverySummary {
  committed: number;
  reversed: number;
  failed: number;
  stillPending: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes money. Every attempt is first written as a payment intent (durable, local SQLite), then
 * the gateway or terminal is called, then the intent is settled. If the process dies in between,
 * `recover` finds the pending intents on restart and settles or reverses them at the gateway.
 */
export class PaymentService {
  private readonly now: () => number;
  private readonly status = new Map<WalletProvider, WalletStatus>();

  constructor(private readonly opts: PaymentServiceOptions) {
    this.now = opts.now ?? Date.now;
  }

  walletStatus(): WalletStatus[] {
    return (Object.keys(this.opts.gateways) as WalletProvider[]).map(
      (p) => this.status.get(p) ?? { provider: p, reachable: true, lastError: null, since: null },
    );
  }

  private markReachable(p: WalletProvider, reachable: boolean, error: string | null): void {
    const prev = this.status.get(p);
    this.status.set(p, {
      provider: p,
      reachable,
      lastError: error,
      since: prev?.reachable === reachable ? prev.since : this.now(),
    });
  }

  private held(p: WalletProvider): boolean {
    const s = this.status.get(p);
    return (
      s !== undefined &&
      !s.reachable &&
      s.since !== null &&
      this.now() - s.since < (this.opts.unreachableHoldMs ?? 10_000)
    );
  }

  private payment(intent: PaymentIntent, reference: string): Payment {
    return {
      paymentId: intent.id,
      method: intent.method,
      amount: intent.amount,
      reference,
      at: this.now(),
    };
  }

  /** B扫C: charge a payment code scanned at the till. */
  async payWallet(
    cartId: string,
    provider: WalletProvider,
    amount: number,
    authCode: string,
    description: string,
  ): Promise<Result<Payment, PaymentFailure>> {
    const gw = this.opts.gateways[provider];
    if (!gw) return fail('NO_GATEWAY', `未配置${provider}支付 / ${provider} is not configured`);
    if (this.held(provider)) {
      return fail(
        'GATEWAY_UNREACHABLE',
        '移动支付暂不可用，请用现金或银行卡 / wallet unreachable: use cash or card',
        {
          provider,
        },
      );
    }
    const intent = this.opts.intents.create({
      id: ulid(),
      cartId,
      method: provider,
      amount,
      createdAt: this.now(),
    });
    try {
      const r = await gw.micropay({ outTradeNo: intent.id, authCode, amount, description });
      this.markReachable(provider, true, null);
      if (r.status === 'SUCCESS') {
        this.opts.intents.settle(intent.id, 'succeeded', this.now(), r.transactionId);
        return ok(this.payment(intent, r.transactionId));
      }
      if (r.status === 'FAIL') {
        this.opts.intents.settle(intent.id, 'failed', this.now(), null, `${r.code}: ${r.message}`);
        return fail('DECLINED', r.message, { gatewayCode: r.code });
      }
      return await this.awaitUser(gw, intent);
    } catch (e) {
      if (!(e instanceof GatewayUnreachableError)) throw e;
      this.markReachable(provider, false, e.message);
      // The outcome is unknown: reverse now if we can; otherwise recovery will.
      await this.tryReverse(gw, intent);
      return fail(
        'GATEWAY_UNREACHABLE',
        '移动支付暂不可用，请用现金或银行卡 / wallet unreachable: use cash or card',
        {
          provider,
          intentId: intent.id,
        },
      );
    }
  }

  private async awaitUser(
    gw: WalletGateway,
    intent: PaymentIntent,
  ): Promise<Result<Payment, PaymentFailure>> {
    const deadline = this.now() + (this.opts.userPayingTimeoutMs ?? 60_000);
    while (this.now() < deadline) {
      await sleep(this.opts.pollIntervalMs ?? 2_000);
      const q = await gw.query(intent.id);
      if (q.state === 'SUCCESS') {
        this.opts.intents.settle(intent.id, 'succeeded', this.now(), q.transactionId ?? null);
        return ok(this.payment(intent, q.transactionId ?? intent.id));
      }
      if (q.state !== 'USERPAYING' && q.state !== 'NOTPAY') {
        this.opts.intents.settle(intent.id, 'failed', this.now(), null, q.state);
        return fail('DECLINED', `支付未完成: ${q.state} / payment not completed`);
      }
    }
    await gw.reverse(intent.id);
    this.opts.intents.settle(
      intent.id,
      'reversed',
      this.now(),
      null,
      'user did not confirm in time',
    );
    return fail('TIMEOUT', '顾客未确认支付，已撤销 / the customer did not confirm; trade reversed');
  }

  private async tryReverse(gw: WalletGateway, intent: PaymentIntent): Promise<boolean> {
    try {
      await gw.reverse(intent.id);
      this.opts.intents.settle(
        intent.id,
        'reversed',
        this.now(),
        null,
        'reversed after a network error',
      );
      return true;
    } catch {
      return false;
    }
  }

  /** Card on the external terminal; the intent records the terminal's RRN. */
  async payCard(cartId: string, amount: number): Promise<Result<Payment, PaymentFailure>> {
    const intent = this.opts.intents.create({
      id: ulid(),
      cartId,
      method: 'card',
      amount,
      createdAt: this.now(),
    });
    try {
      const r = await this.opts.card.sale(amount, intent.id);
      if (!r.approved) {
        this.opts.intents.settle(intent.id, 'failed', this.now(), null, `${r.code}: ${r.message}`);
        return fail('DECLINED', r.message, { terminalCode: r.code });
      }
      this.opts.intents.settle(intent.id, 'succeeded', this.now(), r.rrn);
      return ok(this.payment(intent, r.rrn));
    } catch (e) {
      this.opts.intents.settle(
        intent.id,
        'failed',
        this.now(),
        null,
        e instanceof Error ? e.message : 'terminal error',
      );
      return fail('TERMINAL_UNAVAILABLE', '刷卡终端不可用 / card terminal unavailable');
    }
  }

  /** Cash needs no gateway, but goes through an intent so every tender is accounted alike. */
  payCash(cartId: string, amount: number, tendered: number, change: number): Payment {
    const intent = this.opts.intents.create({
      id: ulid(),
      cartId,
      method: 'cash',
      amount,
      createdAt: this.now(),
    });
    this.opts.intents.settle(intent.id, 'succeeded', this.now());
    return { paymentId: intent.id, method: 'cash', amount, tendered, change, at: this.now() };
  }

  /** The order holding these payments committed: they are no longer reversible leftovers. */
  markCommitted(paymentIds: readonly string[]): void {
    this.opts.intents.markCommitted(paymentIds, this.now());
  }

  /**
   * On start: every intent still pending, or taken for an order that never committed, is
   * queried and settled or reversed. `isCommitted` says whether the cart became an order.
   */
  async recover(isCommitted: (cartId: string) => Promise<boolean>): Promise<RecoverySummary> {
    const summary: RecoverySummary = { committed: 0, reversed: 0, failed: 0, stillPending: 0 };
    for (const intent of this.opts.intents.byStatus('pending', 'succeeded')) {
      if (await isCommitted(intent.cartId)) {
        this.opts.intents.markCommitted([intent.id], this.now());
        summary.committed++;
        continue;
      }
      if (intent.method !== 'wechat' && intent.method !== 'alipay') {
        // Cash and card of a sale that never committed: nothing to call; the drawer count and the
        // terminal's own batch show it. Marked reversed so the shift does not count it.
        this.opts.intents.settle(intent.id, 'reversed', this.now(), null, 'order never committed');
        summary.reversed++;
        continue;
      }
      const gw = this.opts.gateways[intent.method];
      if (!gw) {
        summary.stillPending++;
        continue;
      }
      try {
        const q = await gw.query(intent.id);
        if (q.state === 'CLOSED' || q.state === 'REVOKED' || q.state === 'PAYERROR') {
          this.opts.intents.settle(intent.id, 'failed', this.now(), null, q.state);
          summary.failed++;
        } else {
          // Paid or still waiting, for an order that does not exist: give the money back.
          await gw.reverse(intent.id);
          this.opts.intents.settle(
            intent.id,
            'reversed',
            this.now(),
            q.transactionId ?? null,
            `recovered ${q.state}`,
          );
          summary.reversed++;
        }
      } catch (e) {
        if (!(e instanceof GatewayUnreachableError)) throw e;
        summary.stillPending++;
      }
    }
    return summary;
  }
}
