import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { issueInvoice, roomInvoices, voidInvoice, type InvoiceInput } from './invoices.service.ts';

const tags = ['payments'];

export async function invoiceRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;

  app.post(
    '/api/v1/invoices',
    {
      schema: {
        tags,
        summary: '开具发票（按收款或已结清账单，小区内连续编号）/ issue an invoice for payments or paid bills',
        body: Body({
          roomId: Id,
          buyerName: Type.String({ minLength: 1, maxLength: 100 }),
          buyerTaxId: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{15,20}$' })),
          paymentIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
          billIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 200 })),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body as { roomId: string; buyerName: string; buyerTaxId?: string; paymentIds?: string[]; billIds?: string[] };
      const both = !!b.paymentIds === !!b.billIds;
      if (both) {
        throw new AppError('VALIDATION_FAILED', { reason: '须且只能选择收款（paymentIds）或账单（billIds）之一 / give either paymentIds or billIds' });
      }
      return reply.status(201).send(await issueInvoice(db, clock, req.requireActor(), b as InvoiceInput));
    },
  );

  app.post('/api/v1/invoices/:id/void', { schema: { tags, summary: '作废发票（号码保留）/ void an invoice (its number is kept)', params: IdParams, body: Body({ reason: Type.String({ minLength: 2, maxLength: 500 }) }) } }, async (req) =>
    voidInvoice(db, clock, req.requireActor(), (req.params as { id: string }).id, (req.body as { reason: string }).reason),
  );

  app.get('/api/v1/rooms/:id/invoices', { schema: { tags, summary: '房屋发票 / invoices of a room', params: IdParams } }, async (req) => ({
    items: await roomInvoices(db, req.requireActor(), (req.params as { id: string }).id),
    nextCursor: null,
  }));
}
