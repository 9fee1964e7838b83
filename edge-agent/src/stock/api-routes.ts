import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { DocumentStatus } from './documents.js';
import { DEFAULT_REORDER } from './low-stock.js';
import { intParam, notFound, sendResult } from './http-result.js';
import type { StockService } from './stock-service.js';

export interface StockRoutesOptions {
  stock: StockService;
  /**
   * The signed-in staff member of a request (the API's session). When given, it replaces any
   * staffId/approvedBy in the body, so a handheld cannot act in someone else's name.
   */
  staffOf?: (request: FastifyRequest) => string | null;
}

type Params = { id: string; scanId: string; productId: string };

/**
 * The store manager's stock API, as a Fastify plugin the edge-agent API server registers:
 * `app.register(stockRoutes, { prefix: '/api', stock, staffOf })`.
 */
export const stockRoutes: FastifyPluginCallback<StockRoutesOptions> = (app, opts, done) => {
  const { stock } = opts;
  const body = (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const staff = opts.staffOf?.(req);
    return { ...b, ...extra, ...(staff ? { staffId: staff } : {}) };
  };
  const q = (req: FastifyRequest) => req.query as Record<string, string | undefined>;

  app.get('/stock/search', async (req, reply) =>
    reply.send({ data: stock.view.search(q(req).q ?? '', intParam(q(req).limit, 20, 1, 200)) }),
  );
  app.get<{ Params: Params }>('/stock/products/:productId', async (req, reply) => {
    const line = stock.view.forProduct(req.params.productId);
    return line ? reply.send({ data: line }) : notFound(reply, 'no such product');
  });
  app.get('/stock/negative', async (_req, reply) =>
    reply.send({ data: stock.projector.negativeLevels(stock.ctx.storeId) }),
  );
  app.get('/stock/low', async (_req, reply) => reply.send({ data: stock.thresholds.lowStock() }));
  app.get('/stock/reorder', async (req, reply) =>
    reply.send({
      data: stock.thresholds.reorderSuggestions({
        velocityDays: intParam(q(req).velocityDays, DEFAULT_REORDER.velocityDays, 1, 365),
        leadTimeDays: intParam(q(req).leadTimeDays, DEFAULT_REORDER.leadTimeDays, 0, 90),
        coverDays: intParam(q(req).coverDays, DEFAULT_REORDER.coverDays, 0, 365),
      }),
    }),
  );
  app.put<{ Params: Params }>('/stock/thresholds/:productId', async (req, reply) =>
    sendResult(reply, stock.thresholds.setLocal({ ...body(req), productId: req.params.productId })),
  );
  app.delete<{ Params: Params }>('/stock/thresholds/:productId', async (req, reply) =>
    stock.thresholds.clearLocal(req.params.productId)
      ? reply.status(204).send()
      : notFound(reply, 'no local threshold'),
  );
  app.get('/stock/documents', async (req, reply) =>
    reply.send({ data: stock.documents.list(q(req).status as DocumentStatus | undefined) }),
  );
  app.post('/stock/receipts', async (req, reply) =>
    sendResult(reply, stock.receive(body(req)), 201),
  );
  app.post('/stock/adjustments', async (req, reply) =>
    sendResult(reply, stock.adjust(body(req)), 201),
  );
  app.post('/stock/transfers', async (req, reply) =>
    sendResult(reply, stock.transferOut(body(req)), 201),
  );
  app.post('/stock/counts', async (req, reply) =>
    sendResult(reply, stock.startCount(body(req)), 201),
  );
  app.get<{ Params: Params }>('/stock/counts/:id', async (req, reply) => {
    const c = stock.count(req.params.id);
    return c ? reply.send({ data: c }) : notFound(reply, 'no such count');
  });
  app.post<{ Params: Params }>('/stock/counts/:id/scans', async (req, reply) =>
    sendResult(reply, stock.scan(body(req, { countId: req.params.id })), 201),
  );
  app.post<{ Params: Params }>('/stock/counts/:id/scans/:scanId/undo', async (req, reply) =>
    sendResult(reply, stock.undoScan({ countId: req.params.id, scanId: req.params.scanId })),
  );
  app.post<{ Params: Params }>('/stock/counts/:id/recount', async (req, reply) =>
    sendResult(reply, stock.recount(body(req, { countId: req.params.id }))),
  );
  app.get<{ Params: Params }>('/stock/counts/:id/variance', async (req, reply) =>
    sendResult(reply, stock.varianceReport(req.params.id)),
  );
  app.post<{ Params: Params }>('/stock/counts/:id/approve', async (req, reply) => {
    const staff = opts.staffOf?.(req);
    const b = body(req, { countId: req.params.id });
    return sendResult(reply, stock.approveCount(staff ? { ...b, approvedBy: staff } : b));
  });
  app.post<{ Params: Params }>('/stock/counts/:id/cancel', async (req, reply) =>
    sendResult(reply, stock.cancelCount(req.params.id)),
  );
  done();
};
