export * from './metrics.registry';
export * from './metrics.module';
export * from './http.metrics';
export * from './booking.metrics';
export * from './dispatch.metrics';
export * from './realtime.metrics';
