import { cashMovementRequest, ok, shiftCloseRequest, shiftOpenRequest } from '@mendian/protocol';
import type { ApiScope } from './server.js';
import { approvalFrom } from './routes-cart.js';

export function registerShiftRoutes(scope: ApiScope): void {
  const { route, rt } = scope;
  route(
    {
      method: 'POST',
      url: '/api/v1/shift/open',
      summary: 'Open a shift on the lane with a float',
      body: shiftOpenRequest,
    },
    ({ session, body }) => rt.shifts.open(session.laneCode, session, body.float),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/shift/cash',
      summary: 'Cash in / cash out (audited)',
      body: cashMovementRequest,
    },
    async ({ session, body }) => {
      const a = await approvalFrom(scope, session, body.approval, 'cashInOut', null);
      if (!a.ok) return a;
      return rt.shifts.cash(
        session.laneCode,
        body.kind,
        body.amount,
        body.reason,
        session,
        a.value,
      );
    },
  );
  route(
    { method: 'GET', url: '/api/v1/shift/x', summary: 'X report of the lane’s open shift' },
    ({ session }) => rt.shifts.x(session.laneCode),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/shift/close',
      summary: 'Close with a count by denomination; dayClose = Z',
      body: shiftCloseRequest,
    },
    async ({ session, body }) => {
      const a = await approvalFrom(scope, session, body.approval, 'dayClose', null);
      if (!a.ok) return a;
      return rt.shifts.close(session.laneCode, body.denominations, session, body.dayClose, a.value);
    },
  );
  route(
    { method: 'GET', url: '/api/v1/reports/z', summary: 'Z report of the last closed day' },
    async () => ok(await rt.shifts.z()),
  );
}
