import { fileTypeFromBuffer } from 'file-type';

/** What may be uploaded: photos, scans and spreadsheets. Decided from the bytes alone. */
const ALLOWED = new Map<string, string>([
  ['jpg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
  ['pdf', 'application/pdf'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
]);

/**
 * The file's real type from its content (magic numbers), never from the client's
 * content-type or file name; null when it is not one we accept. `detected` names what it
 * looked like, for the error message.
 */
export async function sniffAllowedType(data: Buffer): Promise<{ mime: string; ext: string } | { mime: null; detected: string }> {
  const found = await fileTypeFromBuffer(data);
  if (found && ALLOWED.has(found.ext)) return { mime: ALLOWED.get(found.ext)!, ext: found.ext };
  return { mime: null, detected: found?.mime ?? 'unknown' };
}
