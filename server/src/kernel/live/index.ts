export { LiveHub } from './hub.ts';
export { liveRoutes, eventVisibleTo } from './live.routes.ts';
