export * from './csv';
export * from './kusel-data';
export * from './county-area';
export * from './seed-kusel';
export * from './county-import';
