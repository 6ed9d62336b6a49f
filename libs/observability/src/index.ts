export * from './request-context';
export * from './redact';
export * from './logging.module';
export * from './metrics';
