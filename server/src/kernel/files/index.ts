export { files } from './files.tables.ts';
export { LocalDiskStorage, type BlobStorage } from './storage.ts';
export { sniffAllowedType } from './sniff.ts';
export { attachFileCheck, readableFile, saveUpload, fileUrl, type FileRow } from './files.service.ts';
export { fileRoutes, fileStorage } from './files.routes.ts';
