export { authPlugin, SESSION_COOKIE } from './plugin.ts';
export { authRoutes, UserView } from './auth.routes.ts';
export { createSession, findSession, createApiToken, purgeExpiredSessions } from './sessions.ts';
export { checkPassword, findLoginUser } from './login.ts';
export { setOtpSender, type OtpSender } from './otp.ts';
export { users, sessions, apiTokens } from './auth.tables.ts';
