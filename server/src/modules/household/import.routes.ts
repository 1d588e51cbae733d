import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { AppError, langOf } from '../../kernel/errors/index.ts';
import { attachmentHeader, readSheet, SheetFormatError, writeSheet, XLSX_MIME } from '../../kernel/excel/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireCommunityPermission, rooms } from '../property/index.ts';
import { IMPORT_COLUMNS, TEMPLATE_EXAMPLE } from './import.columns.ts';
import { validateImport } from './import.validate.ts';
import { importRooms } from './import.service.ts';
import { shanghaiDate } from '../../kernel/time.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const MAX_ROWS = 50_000;
/** An .xlsx is a zip: it starts with "PK\x03\x04". */
const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** 房屋导入 (R-ORG-4): template download and all-or-nothing import of rooms with their owners. */
export async function importRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get('/api/v1/communities/:id/rooms/import-template', { schema: { tags: ['property'], summary: '房屋导入模板 / room import template (.xlsx)', params: Params } }, async (req, reply) => {
    await requireCommunityPermission(db, req.requireActor(), req.params.id, 'import.run');
    const file = await writeSheet('房屋导入', IMPORT_COLUMNS, [TEMPLATE_EXAMPLE]);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('房屋导入模板.xlsx')).send(file);
  });

  app.post(
    '/api/v1/communities/:id/rooms/import',
    {
      schema: {
        tags: ['property'],
        summary: '导入房屋与业主 / import rooms and owners from .xlsx (multipart field "file"); any bad row → 422 and nothing is written',
        consumes: ['multipart/form-data'],
        params: Params,
      },
    },
    async (req) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'import.run');
      if (!req.isMultipart()) throw new AppError('FILE_TYPE_REJECTED', { type: String(req.headers['content-type'] ?? '') });
      const part = await req.file();
      if (!part) throw new AppError('VALIDATION_FAILED', { reason: '缺少文件 / file is missing' });
      const buf = await part.toBuffer();
      if (!isZip(buf)) throw new AppError('FILE_TYPE_REJECTED', { type: part.mimetype || part.filename });
      let sheet;
      try {
        sheet = await readSheet(buf, IMPORT_COLUMNS, { maxRows: MAX_ROWS });
      } catch (err) {
        if (err instanceof SheetFormatError) throw new AppError('VALIDATION_FAILED', { reason: `表格格式不正确 / bad sheet: ${err.message}` });
        throw err;
      }
      if (sheet.length === 0) throw new AppError('VALIDATION_FAILED', { reason: '表格没有数据行 / the sheet has no rows' });
      const existing = new Set((await db.select({ code: rooms.code }).from(rooms).where(eq(rooms.communityId, req.params.id))).map((r) => r.code));
      const { rooms: valid, errors } = validateImport(sheet, existing, shanghaiDate(deps.clock.now()));
      if (errors.length) {
        const lang = langOf(req);
        const details = errors.map((e) => ({ row: e.row, column: e.column, message: lang === 'en' ? e.en : e.zh }));
        throw new AppError('IMPORT_FAILED', { count: new Set(errors.map((e) => e.row)).size }, details);
      }
      return importRooms(deps, actor, req.params.id, valid, req.id);
    },
  );
}
