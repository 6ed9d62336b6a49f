export * from './problem';
export * from './http-exception.filter';
export * from './validation';
export * from './json-body';
export * from './operator-county';
export * from './health.controller';
export * from './web-apps';
export * from './date-time.validator';
