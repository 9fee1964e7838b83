import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { loginRequest, ok, sessionView, type LiveMessage } from '@mendian/protocol';
import type { SellingRuntime } from '../config/selling-runtime.js';
import { errorBody } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import { defineRoute, type Handler, type RouteDef, type RouteTable } from './route-kit.js';
import { registerCartRoutes } from './routes-cart.js';
import { registerCatalogRoutes } from './routes-catalog.js';
import { registerReturnRoutes } from './routes-returns.js';
import { registerShiftRoutes } from './routes-shift.js';
import { registerTenderRoutes } from './routes-tender.js';
import { SessionStore } from './sessions.js';
import { cartBody } from './views.js';
import type { z } from 'zod';

export interface PrinterState {
  state: 'ok' | 'offline' | 'paperOut' | 'error' | 'none';
  message: string;
}

export interface ApiScope {
  rt: SellingRuntime;
  readonly route: <B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
    def: RouteDef<B, Q>,
    handler: Handler<
      B extends z.ZodType ? z.output<B> : undefined,
      Q extends z.ZodType ? z.output<Q> : undefined
    >,
  ) => void;
  printerStatus(): PrinterState;
}

export type RouteRegistrar = (scope: ApiScope) => void;

/**
 * The lane API: Fastify 5 with JSON routes under /api/v1, a WebSocket at /api/v1/live with cart,
 * order, printer and wallet events, and /openapi.json generated from the routes' schemas.
 */
export async function buildApi(
  rt: SellingRuntime,
  extra: RouteRegistrar[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  await app.register(websocket);
  const sessions = new SessionStore();
  const table: RouteTable = [];
  let printer: PrinterState = { state: 'none', message: '未配置打印机 / no printer configured' };
  rt.events.on('printer', (p) => (printer = { state: p.state, message: p.message }));

  app.setErrorHandler((error: FastifyError, _req, reply) => {
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const code = error.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      return reply.code(error.statusCode).send(errorBody(code, error.message));
    }
    return reply.code(500).send(
      errorBody('INTERNAL', '内部错误 / internal error', {
        name: error.name,
        message: error.message,
      }),
    );
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url}`)),
  );

  const scope: ApiScope = {
    rt,
    route: (def, handler) => defineRoute(app, table, sessions, def, handler as never),
    printerStatus: () => printer,
  };

  scope.route(
    {
      method: 'POST',
      url: '/api/v1/sessions',
      summary: 'Log in with staff number and PIN',
      body: loginRequest,
      response: sessionView,
      public: true,
    },
    async ({ body }) => {
      const r = await rt.staffFor(body.laneCode).login(body.staffNo, body.pin);
      if (!r.ok) return r;
      const s = sessions.create({
        ...r.value,
        staffNo: body.staffNo,
        laneCode: body.laneCode,
        createdAt: Date.now(),
      });
      const store = await rt.db.rx.stores.findOne(rt.config.storeId).exec();
      return ok({
        token: s.token,
        staff: { id: s.staffId, staffNo: s.staffNo, name: s.name, role: s.role },
        laneCode: s.laneCode,
        storeName: store?.name.zh ?? rt.config.storeCode,
      });
    },
  );
  scope.route(
    { method: 'DELETE', url: '/api/v1/sessions', summary: 'Log out' },
    async ({ session }) => {
      sessions.delete(session.token);
      await rt.audit.record({
        action: 'logout',
        actorId: session.staffId,
        actorRole: session.role,
        laneCode: session.laneCode,
      });
      return ok({});
    },
  );

  registerCartRoutes(scope);
  registerTenderRoutes(scope);
  registerShiftRoutes(scope);
  registerCatalogRoutes(scope);
  registerReturnRoutes(scope);
  for (const r of extra) r(scope);

  app.get('/openapi.json', () =>
    openApiDocument(table, { title: 'Mendian edge-agent lane API', version: '1' }),
  );

  // Live updates: every connected lane UI gets cart changes (of every lane; a UI filters on
  // `lane`), committed orders, printer and wallet state.
  const sockets = new Set<{ send(data: string): void; readyState: number }>();
  const broadcast = (m: LiveMessage) => {
    const data = JSON.stringify(m);
    for (const s of sockets) if (s.readyState === 1) s.send(data);
  };
  const offs = [
    rt.events.on('cart', ({ lane, view }) =>
      broadcast({ type: 'cart', lane, cart: view ? cartBody(view) : null }),
    ),
    rt.events.on('orderCommitted', ({ order }) =>
      broadcast({
        type: 'order',
        orderId: order.id,
        receiptNo: order.receiptNo,
        laneCode: order.laneCode,
        total: order.total,
      }),
    ),
    rt.events.on('printer', (p) =>
      broadcast({ type: 'printer', state: p.state, message: p.message }),
    ),
    rt.events.on('wallet', (w) =>
      broadcast({
        type: 'wallet',
        provider: w.provider,
        reachable: w.reachable,
        message: w.message,
      }),
    ),
  ];
  app.get('/api/v1/live', { websocket: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  app.addHook('onClose', () => {
    for (const off of offs) off();
  });
  return app;
}
