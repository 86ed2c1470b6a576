export * from './schema';
export * from './types';
export * from './errors';
export * from './codec';
export * from './cobs';
export * from './stream';
export * from './dump';
export { crc32 } from './crc32';
export * from './pairs';
