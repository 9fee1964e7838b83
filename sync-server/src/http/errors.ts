import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CodedError, ValidationError, type ApiErrorBody } from '@mendian/protocol';
import type { Logger } from '../logger.js';

export function errorHandler(logger: Logger) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof CodedError) {
      if (error.httpStatus >= 500) logger.error({ err: error, url: request.url }, error.message);
      return reply.status(error.httpStatus).send(error.toBody());
    }
    if (error instanceof ValidationError) {
      const body: ApiErrorBody = {
        error: { code: error.code, message: error.message, details: error.issues },
      };
      return reply.status(400).send(body);
    }
    const fe = error as FastifyError;
    if (fe.statusCode !== undefined && fe.statusCode < 500) {
      const body: ApiErrorBody = {
        error: {
          code: fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
          message: fe.message,
        },
      };
      return reply.status(fe.statusCode).send(body);
    }
    logger.error({ err: error, url: request.url }, 'unhandled error');
    const body: ApiErrorBody = { error: { code: 'INTERNAL', message: 'internal error' } };
    return reply.status(500).send(body);
  };
}
