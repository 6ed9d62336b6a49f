export * from './dispatch-queue';
export * from './events';
export * from './websocket-events';
export * from './realtime-payloads';
export * from './console-views';
export * from './timetable';
export * from './client-config';
