export { validatorCompiler } from './validation.ts';
export { Body, Id, IdParams, Page, ListOf, ErrorBody, encodeCursor, decodeCursor } from './schemas.ts';
export { withIdempotency } from './idempotency.ts';
export { idCursor } from './id-cursor.ts';
