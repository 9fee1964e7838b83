/**
 * The wallet gateway strategy (WeChat Pay / Alipay B扫C "micropay"): the till scans the payment
 * code in the customer's app and asks the gateway to take the money. The shapes follow the real
 * APIs: SUCCESS; USERPAYING when the customer must confirm in the app (poll with query, reverse
 * after a timeout); FAIL with a reason; and network errors, after which the outcome is unknown
 * and only a query can tell.
 */
export type WalletProvider = 'wechat' | 'alipay';

export interface MicropayRequest {
  /** Our id of the payment intent: the gateway's out_trade_no. Idempotent on the gateway. */
  outTradeNo: string;
  authCode: string;
  amount: number;
  description: string;
}

export type MicropayResponse =
  | { status: 'SUCCESS'; transactionId: string }
  | { status: 'USERPAYING' }
  | { status: 'FAIL'; code: string; message: string };

export type TradeState =
  'SUCCESS' | 'USERPAYING' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'PAYERROR' | 'REFUND';

export interface QueryResponse {
  state: TradeState;
  transactionId?: string;
}

export type RefundResponse =
  { status: 'SUCCESS'; refundId: string } | { status: 'FAIL'; code: string; message: string };

export interface WalletGateway {
  readonly provider: WalletProvider;
  micropay(req: MicropayRequest, signal?: AbortSignal): Promise<MicropayResponse>;
  query(outTradeNo: string, signal?: AbortSignal): Promise<QueryResponse>;
  /** 撤销: cancels a trade that is unpaid or pays the money back; idempotent. */
  reverse(outTradeNo: string, signal?: AbortSignal): Promise<{ reversed: boolean }>;
  /** 退款: pays part or all of a settled trade back; idempotent by outRefundNo. */
  refund(
    req: { outTradeNo: string; outRefundNo: string; amount: number },
    signal?: AbortSignal,
  ): Promise<RefundResponse>;
}

/** The gateway could not be reached or did not answer: the outcome of the call is unknown. */
export class GatewayUnreachableError extends Error {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayUnreachableError';
  }
}
