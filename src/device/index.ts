export * from './client';
export * from './connect';
export * from './errors';
export * from './upload';
export * from './round-trips';
