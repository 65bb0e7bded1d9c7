export * from './endpoint-rules.js';
export * from './limits.js';
export * from './payload.js';
export * from './schemas.js';
export * from './text-rules.js';
export * from './topics.js';
export * from './transport.js';
