import { randomInt } from 'node:crypto';
import {
  GatewayUnreachableError,
  type MicropayRequest,
  type MicropayResponse,
  type QueryResponse,
  type RefundResponse,
  type TradeState,
  type WalletGateway,
  type WalletProvider,
} from './wallet-gateway.js';

interface Trade {
  req: MicropayRequest;
  state: TradeState;
  transactionId: string;
  pollsLeft: number;
}

/**
 * A gateway that behaves like the real micropay APIs, for demos and tests. The payment code's
 * last four digits choose the customer's behaviour (as the providers' sandboxes do):
 *   …0001 FAIL NOTENOUGH (余额不足)    …0002 USERPAYING, confirmed after `confirmAfterPolls` queries
 *   …0003 USERPAYING, never confirmed  …0004 FAIL AUTHCODEEXPIRE (付款码已过期)
 *   anything else: SUCCESS at once
 * `reachable = false` makes every call fail as a network error; `loseResponses` makes the gateway
 * do the work but the answer never arrive (the case durable intents exist for).
 */
export class WalletGatewaySimulator implements WalletGateway {
  reachable = true;
  loseResponses = 0;
  readonly calls: string[] = [];
  /** Test hook run before each call, e.g. to cut the network just before a reverse. */
  onCall: ((name: string) => void) | null = null;
  private readonly trades = new Map<string, Trade>();

  constructor(
    readonly provider: WalletProvider,
    private readonly opts: { confirmAfterPolls?: number; latencyMs?: number } = {},
  ) {}

  private async call<T>(name: string, work: () => T): Promise<T> {
    this.calls.push(name);
    this.onCall?.(name);
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    if (!this.reachable)
      throw new GatewayUnreachableError(`${this.provider} gateway unreachable (ECONNREFUSED)`);
    const result = work();
    if (this.loseResponses > 0) {
      this.loseResponses--;
      throw new GatewayUnreachableError(`${this.provider} gateway: response lost (socket hang up)`);
    }
    return result;
  }

  tradeState(outTradeNo: string): TradeState | undefined {
    return this.trades.get(outTradeNo)?.state;
  }

  micropay(req: MicropayRequest): Promise<MicropayResponse> {
    return this.call('micropay', (): MicropayResponse => {
      let t = this.trades.get(req.outTradeNo);
      if (!t) {
        const tail = req.authCode.slice(-4);
        t = {
          req,
          state:
            tail === '0002' || tail === '0003'
              ? 'USERPAYING'
              : tail === '0001' || tail === '0004'
                ? 'PAYERROR'
                : 'SUCCESS',
          transactionId: `${this.provider === 'wechat' ? '42' : '20'}${Date.now()}${randomInt(1e6)}`,
          pollsLeft:
            tail === '0003' ? Number.POSITIVE_INFINITY : (this.opts.confirmAfterPolls ?? 2),
        };
        this.trades.set(req.outTradeNo, t);
      }
      if (t.req.amount !== req.amount) {
        return {
          status: 'FAIL',
          code: 'OUT_TRADE_NO_USED',
          message: '商户订单号重复 / out_trade_no reused with another amount',
        };
      }
      const tail = req.authCode.slice(-4);
      if (t.state === 'PAYERROR') {
        return tail === '0004'
          ? {
              status: 'FAIL',
              code: 'AUTHCODEEXPIRE',
              message: '付款码已过期 / payment code expired',
            }
          : { status: 'FAIL', code: 'NOTENOUGH', message: '余额不足 / insufficient balance' };
      }
      if (t.state === 'SUCCESS') return { status: 'SUCCESS', transactionId: t.transactionId };
      if (t.state === 'USERPAYING') return { status: 'USERPAYING' };
      return { status: 'FAIL', code: 'TRADE_STATE_ERROR', message: `trade is ${t.state}` };
    });
  }

  query(outTradeNo: string): Promise<QueryResponse> {
    return this.call('query', (): QueryResponse => {
      const t = this.trades.get(outTradeNo);
      if (!t) return { state: 'NOTPAY' };
      if (t.state === 'USERPAYING') {
        t.pollsLeft--;
        if (t.pollsLeft <= 0) t.state = 'SUCCESS';
      }
      return t.state === 'SUCCESS'
        ? { state: t.state, transactionId: t.transactionId }
        : { state: t.state };
    });
  }

  private readonly refunds = new Map<string, { outTradeNo: string; amount: number }>();

  refund(req: {
    outTradeNo: string;
    outRefundNo: string;
    amount: number;
  }): Promise<RefundResponse> {
    return this.call('refund', (): RefundResponse => {
      const t = this.trades.get(req.outTradeNo);
      if (!t || t.state !== 'SUCCESS')
        return {
          status: 'FAIL',
          code: 'TRADE_STATE_ERROR',
          message: '订单状态不允许退款 / trade not refundable',
        };
      if (this.refunds.has(req.outRefundNo))
        return { status: 'SUCCESS', refundId: req.outRefundNo };
      const refunded = [...this.refunds.values()]
        .filter((r) => r.outTradeNo === req.outTradeNo)
        .reduce((s, r) => s + r.amount, 0);
      if (refunded + req.amount > t.req.amount)
        return {
          status: 'FAIL',
          code: 'NOTENOUGH',
          message: '退款金额超过订单金额 / refund exceeds the trade',
        };
      this.refunds.set(req.outRefundNo, { outTradeNo: req.outTradeNo, amount: req.amount });
      return { status: 'SUCCESS', refundId: req.outRefundNo };
    });
  }

  reverse(outTradeNo: string): Promise<{ reversed: boolean }> {
    return this.call('reverse', () => {
      const t = this.trades.get(outTradeNo);
      if (t) t.state = 'REVOKED';
      return { reversed: true };
    });
  }
}
