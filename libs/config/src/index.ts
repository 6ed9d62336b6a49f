export * from './app-config';
export * from './config.module';
export * from './node-flags';
export * from './clock-config';
