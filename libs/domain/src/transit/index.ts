export * from './gtfs-time';
export * from './gtfs-csv';
export * from './service-calendar';
export * from './gtfs-flex';
export * from './train-realtime';
