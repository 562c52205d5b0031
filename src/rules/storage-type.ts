import { STORAGE_TYPE_FATAL } from '../resolve/model.js';
import { sourceLocation, type Rule } from './context.js';

/**
 * STORAGE_TYPE_NOT_REDIS: the gateway's Start checks storage.type and exits unless it is
 * "redis" (gateway/server.go, v5.10.0 up to master), one of the model's fatal start-up errors.
 */
export const storageType: Rule = {
  id: 'storage-type',
  codes: ['STORAGE_TYPE_NOT_REDIS'],
  check(ctx) {
    for (const f of ctx.model.fatal) {
      if (f.kind !== 'storage-type') continue;
      ctx.report('STORAGE_TYPE_NOT_REDIS', { value: f.value, gatewayMessage: STORAGE_TYPE_FATAL }, ['storage', 'type'], sourceLocation(ctx, f.source));
    }
  },
};
