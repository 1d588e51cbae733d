import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdParams } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { AppError, langOf } from '../../kernel/errors/index.ts';
import { attachmentHeader, readSheet, SheetFormatError, writeSheet, XLSX_MIME } from '../../kernel/excel/index.ts';
import { communityOf, requirePermission } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { OWNER_COLUMNS, validateOwners } from './owners-import.validate.ts';
import { importOwners } from './owners-import.service.ts';
import { roomsByCode } from './rooms.lookup.ts';

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** 业户导入: owners, co-owners, family and tenants onto existing rooms; any bad row → 422, nothing written. */
export async function ownersImportRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const { db } = deps.database;
  const tags = ['archive'];
  const pid = (req: { params: unknown }) => (req.params as { id: string }).id;
  const guard = async (req: FastifyRequest) => {
    const actor = req.requireActor();
    await communityOf(db, actor, pid(req));
    requirePermission(actor, 'import.run', pid(req));
    requirePermission(actor, 'archive.manage', pid(req));
    return actor;
  };

  app.get('/api/v1/communities/:id/owners/import-template', { schema: { tags, summary: '业户导入模板 / owner import template', params: IdParams } }, async (req, reply) => {
    await guard(req);
    const file = await writeSheet('业户导入', OWNER_COLUMNS, [{ roomCode: '3-2-1201', relation: '业主', name: '张三', gender: '男', phone: '13800000000；家属:13900000000', idNumber: '', nativePlace: '江苏南京', hukouLocation: '', startedOn: '2024-05-01' }]);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('业户导入模板.xlsx')).send(file);
  });

  app.post('/api/v1/communities/:id/owners/import', { schema: { tags, summary: '导入业户 .xlsx（multipart "file"，全部成功或全部不导入）/ import owners (all or nothing)', consumes: ['multipart/form-data'], params: IdParams } }, async (req) => {
    const actor = await guard(req);
    if (!req.isMultipart()) throw new AppError('FILE_TYPE_REJECTED', { type: String(req.headers['content-type'] ?? '') });
    const part = await req.file();
    if (!part) throw new AppError('VALIDATION_FAILED', { reason: '缺少文件 / file is missing' });
    const buf = await part.toBuffer();
    if (!isZip(buf)) throw new AppError('FILE_TYPE_REJECTED', { type: part.mimetype || part.filename });
    let sheet;
    try {
      sheet = await readSheet(buf, OWNER_COLUMNS, { maxRows: 50_000 });
    } catch (err) {
      if (err instanceof SheetFormatError) throw new AppError('VALIDATION_FAILED', { reason: `表格格式不正确 / bad sheet: ${err.message}` });
      throw err;
    }
    if (sheet.length === 0) throw new AppError('VALIDATION_FAILED', { reason: '表格没有数据行 / the sheet has no rows' });
    const { rows, errors } = validateOwners(sheet, await roomsByCode(db, pid(req)), shanghaiDate(deps.clock.now()));
    const fail = (list: typeof errors) => {
      const lang = langOf(req);
      throw new AppError('IMPORT_FAILED', { count: new Set(list.map((e) => e.row)).size }, list.map((e) => ({ row: e.row, column: e.column, message: lang === 'en' ? e.en : e.zh })));
    };
    if (errors.length) fail(errors);
    const result = await importOwners(deps, actor, pid(req), rows, req.id);
    if ('errors' in result) fail(result.errors);
    return result;
  });
}
