import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, renderMessage, type Lang } from './app-error.ts';
import { mapDbError } from './db-errors.ts';

export function langOf(req: FastifyRequest): Lang {
  const al = String(req.headers['accept-language'] ?? '').toLowerCase();
  return al.startsWith('en') ? 'en' : 'zh';
}

/** The one place that turns any thrown thing into the API's error shape. */
export function errorHandler(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const lang = langOf(req);
  const fe = error as FastifyError & { validation?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> };
  if (fe.validation) {
    const details = fe.validation.map((v) => ({
      path: `${fe.validationContext ?? 'body'}${v.instancePath}${v.params?.additionalProperty ? `/${String(v.params.additionalProperty)}` : ''}${v.params?.missingProperty ? `/${String(v.params.missingProperty)}` : ''}`,
      message: v.message,
    }));
    const reason = details.map((d) => `${d.path} ${d.message ?? ''}`.trim()).join('; ');
    return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: renderMessage('VALIDATION_FAILED', { reason }, lang), details } });
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && error instanceof SyntaxError)) {
    return reply.status(400).send({ error: { code: 'BAD_JSON', message: renderMessage('BAD_JSON', {}, lang) } });
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
    return reply.status(413).send({ error: { code: 'FILE_TOO_LARGE', message: renderMessage('FILE_TOO_LARGE', { limit: '' }, lang) } });
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    return reply.status(415).send({ error: { code: 'FILE_TYPE_REJECTED', message: renderMessage('FILE_TYPE_REJECTED', { type: String(req.headers['content-type'] ?? '') }, lang) } });
  }
  const mapped = mapDbError(error);
  if (mapped instanceof AppError) {
    const body: { code: string; message: string; details?: unknown } = { code: mapped.code, message: mapped.message_(lang) };
    if (mapped.details !== undefined) body.details = mapped.details;
    if (mapped.status >= 500) req.log.error({ err: error }, 'app error');
    return reply.status(mapped.status).send({ error: body });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send({ error: { code: fe.code ?? 'BAD_REQUEST', message: fe.message } });
  }
  req.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: renderMessage('INTERNAL', { requestId: req.id }, lang) } });
}
