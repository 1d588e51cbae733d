export { AppError, isAppError, renderMessage, type Lang } from './app-error.ts';
export { errorCatalog, type ErrorCode } from './catalog.ts';
export { registerConstraint, mapDbError } from './db-errors.ts';
export { errorHandler, langOf } from './http-errors.ts';
