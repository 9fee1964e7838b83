import { AuditJournal } from '../audit/audit-journal.js';
import { ReferenceData } from '../catalog/reference-data.js';
import { LaneService } from '../checkout/lane-service.js';
import { OrderCommitter } from '../checkout/order-committer.js';
import { SellingEvents } from '../checkout/selling-events.js';
import { TenderService, type ReceiptOutput } from '../checkout/tender-service.js';
import { openEdgeDatabase, type EdgeDatabase } from '../db/edge-database.js';
import { rxAuditStore, rxStaffLookup } from '../db/rx-stores.js';
import { CardTerminalSimulator, type CardTerminal } from '../payments/card-terminal.js';
import { IntentStore } from '../payments/intent-store.js';
import { PaymentService, type RecoverySummary } from '../payments/payment-service.js';
import type { WalletGateway, WalletProvider } from '../payments/wallet-gateway.js';
import { WalletGatewaySimulator } from '../payments/wallet-simulator.js';
import { ReturnService, type HqReceiptLookup } from '../returns/return-service.js';
import { ShiftService } from '../shifts/shift-service.js';
import { StaffDirectory } from '../staff/staff-directory.js';
import type { EdgeConfig } from './edge-config.js';

/** The strategies that differ between a demo, a test and a real store. */
export interface SellingStrategies {
  gateways?: Partial<Record<WalletProvider, WalletGateway>>;
  card?: CardTerminal;
  /** Builds the receipt output once the database is open (receipts need the print queue). */
  receipts?: (
    db: EdgeDatabase,
    events: SellingEvents,
  ) => ReceiptOutput & { stop?(): Promise<void> | void };
  now?: () => number;
  /** HQ's receipt lookup for returns of other stores' sales (sync client); none = offline. */
  hqReceipts?: HqReceiptLookup;
  onListenerError?: (event: string, error: unknown) => void;
}

export interface SellingRuntime {
  config: EdgeConfig;
  db: EdgeDatabase;
  ref: ReferenceData;
  events: SellingEvents;
  audit: AuditJournal;
  staffFor(lane: string | null): StaffDirectory;
  shifts: ShiftService;
  payments: PaymentService;
  committer: OrderCommitter;
  lanes: LaneService;
  tender: TenderService;
  returns: ReturnService;
  recovery: RecoverySummary;
  stop(): Promise<void>;
}

const DAY = 24 * 3600_000;

/**
 * Starts the selling side of an edge-agent: opens the database, loads reference data into memory,
 * recovers payment intents and derived facts left by a crash, and wires the services. One default
 * wiring (simulated gateways and terminal) that a real store overrides through `strategies`.
 */
export async function startSelling(
  config: EdgeConfig,
  strategies: SellingStrategies = {},
): Promise<SellingRuntime> {
  const now = strategies.now ?? Date.now;
  const db = await openEdgeDatabase({ dataDir: config.dataDir, synchronous: config.synchronous });
  const events = new SellingEvents(strategies.onListenerError);
  const ref = new ReferenceData(db, config.storeId);
  await ref.start();
  const audit = new AuditJournal(config.storeId, rxAuditStore(db), now);
  const lookup = rxStaffLookup(db);
  const staffFor = (lane: string | null) =>
    new StaffDirectory({ storeId: config.storeId, laneCode: lane, lookup, audit, now });
  const gateways = strategies.gateways ?? {
    wechat: new WalletGatewaySimulator('wechat'),
    alipay: new WalletGatewaySimulator('alipay'),
  };
  const payments = new PaymentService({
    intents: new IntentStore(db.local, db.localRelaxed),
    gateways,
    card: strategies.card ?? new CardTerminalSimulator(),
    now,
    ...config.payments,
  });
  const committer = new OrderCommitter(db, config.storeCode);
  const recovery = await payments.recover(
    async (cartId) => (await committer.findOrder(cartId)) !== null,
  );
  await committer.ensureDerived(now() - 7 * DAY);
  const shifts = new ShiftService(db, config.storeId, audit, now);
  const lanes = new LaneService({
    db,
    ref,
    shifts,
    audit,
    events,
    now,
    settings: {
      storeId: config.storeId,
      storeCode: config.storeCode,
      timeZone: config.timeZone,
      pointsPerYuan: config.pointsPerYuan,
      cashRounding: config.cashRounding,
    },
  });
  const receipts = strategies.receipts?.(db, events) ?? null;
  const tender = new TenderService(lanes, payments, committer, receipts);
  const returns = new ReturnService({
    db,
    committer,
    shifts,
    audit,
    events,
    gateways,
    storeId: config.storeId,
    storeCode: config.storeCode,
    now,
    ...(strategies.hqReceipts ? { hq: strategies.hqReceipts } : {}),
  });
  return {
    config,
    db,
    ref,
    events,
    audit,
    staffFor,
    shifts,
    payments,
    committer,
    lanes,
    tender,
    returns,
    recovery,
    async stop() {
      await committer.settled();
      await receipts?.stop?.();
      ref.stop();
      await db.close();
    },
  };
}
