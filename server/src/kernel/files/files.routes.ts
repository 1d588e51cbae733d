import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../http/schemas.ts';
import { AppError } from '../errors/index.ts';
import type { Deps } from '../deps.ts';
import { LocalDiskStorage, type BlobStorage } from './storage.ts';
import { fileUrl, formatBytes, readableFile, requireUploadRight, saveUpload } from './files.service.ts';

const FileView = Type.Object({ id: Type.String(), mime: Type.String(), size: Type.Integer(), sha256: Type.String(), url: Type.String(), originalName: Type.String() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The blob storage a node uses: <dataDir>/files on local disk. */
export function fileStorage(deps: Deps): BlobStorage {
  return new LocalDiskStorage(path.join(deps.config.dataDir, 'files'));
}

/** Reads the multipart body: the communityId field and exactly one file, buffered up to the limit. */
async function readUpload(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) throw new AppError('VALIDATION_FAILED', { reason: '需要 multipart/form-data / multipart/form-data required' });
  let communityId: string | undefined;
  let file: { data: Buffer; name: string } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'communityId') communityId = String(part.value);
        continue;
      }
      if (file) throw new AppError('VALIDATION_FAILED', { reason: '一次只能上传一个文件 / one file per request' });
      file = { data: await part.toBuffer(), name: part.filename ?? '' };
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', { limit: formatBytes(maxBytes) });
    throw err;
  }
  if (!communityId || !UUID.test(communityId)) throw new AppError('VALIDATION_FAILED', { reason: 'communityId 缺失或格式不对 / communityId missing or not a uuid' });
  if (!file) throw new AppError('VALIDATION_FAILED', { reason: '缺少文件 / no file in the request' });
  return { communityId, ...file };
}

export async function fileRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { deps } = opts;
  const db = deps.database.db;
  const storage = fileStorage(deps);
  const maxBytes = deps.config.uploadMaxBytes;

  app.post(
    '/api/v1/files',
    {
      schema: {
        tags: ['files'],
        summary: '上传文件（照片、扫描件、表格）/ upload a file (multipart: communityId + file)',
        consumes: ['multipart/form-data'],
        response: { 201: FileView },
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      const upload = await readUpload(req, maxBytes);
      await requireUploadRight(db, actor, upload.communityId);
      const row = await saveUpload(db, storage, actor, { communityId: upload.communityId, data: upload.data, originalName: upload.name, maxBytes, now: deps.clock.now(), requestId: req.id });
      return reply.status(201).send({ id: row.id, mime: row.mime, size: row.size, sha256: row.sha256, url: fileUrl(row.id), originalName: row.originalName });
    },
  );

  app.get(
    '/api/v1/files/:id',
    { schema: { tags: ['files'], summary: '下载/查看文件 / the file’s bytes, to users who may see it', params: IdParams } },
    async (req, reply) => {
      const actor = req.requireActor();
      const row = await readableFile(db, actor, (req.params as { id: string }).id);
      return reply
        .header('content-type', row.mime)
        .header('content-length', row.size)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.originalName || row.id)}`)
        .send(storage.get(row.sha256));
    },
  );
}
