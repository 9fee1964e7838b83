import { afterAll, expect, test } from 'vitest';
import { ulid, type Order } from '@mendian/protocol';
import { MemberService } from '../../src/members/member-service.js';
import { applyCommittedOrders, type OrderEffectProblem } from '../../src/stock/order-events.js';
import { StockService } from '../../src/stock/stock-service.js';
import { KEYS, member } from '../members/helpers.js';
import { openDb, order, product, tempDir } from './helpers.js';

const tmp = tempDir('order-events');
afterAll(() => tmp.cleanup());

/** The checkout's bus in miniature: listeners run after commit; one that throws is isolated. */
function bus() {
  const listeners = new Set<(p: { order: Order }) => void>();
  return {
    on: (_e: 'orderCommitted', l: (p: { order: Order }) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (order: Order) => {
      for (const l of listeners) l({ order });
    },
  };
}

test('a committed member sale lowers stock and earns points, once, on one database file', () => {
  const storeId = ulid();
  const db = openDb(`${tmp.dir}/store.db`);
  const stock = new StockService({ db, storeId });
  const members = new MemberService({ db, storeId, memberKeys: KEYS });
  const tea = product({ sku: 'TEA' });
  stock.products.upsert([tea]);
  const m = member();
  members.directory.applySynced([m]);
  const events = bus();
  const problems: OrderEffectProblem[] = [];
  const off = applyCommittedOrders(events, stock, members, (p) => problems.push(p));
  const sale = {
    ...order(storeId, 'sale', [{ product: tea, quantity: 2 }]),
    memberId: m.id,
    pointsEarned: 2,
  };
  events.emit(sale);
  events.emit(sale);
  expect(stock.projector.quantity(storeId, tea.id)).toBe(-2);
  expect(members.get(m.id)?.points.balance).toBe(2);
  // An order of another store is reported, not thrown into the checkout.
  events.emit(order(ulid(), 'sale', [{ product: tea, quantity: 1 }]));
  expect(problems).toMatchObject([{ part: 'stock', code: 'WRONG_STORE' }]);
  off();
  events.emit({ ...sale, id: ulid() });
  expect(stock.projector.quantity(storeId, tea.id)).toBe(-2);
  db.close();
});
