export * from './sarif';
export * from './types';
export { stablePath, threatAt, hash64 } from './fingerprint';
