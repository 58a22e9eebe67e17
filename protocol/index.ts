/** The Ringside wire contract: imported by the server and the extension alike. */
export * from './errors.js';
export * from './limits.js';
export * from './schemas.js';
export * from './http.js';
export * from './events.js';
export * from './account.js';
