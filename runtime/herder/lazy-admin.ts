/** The herder's admin client (cluster id, sink connectors' group offsets), created on first use. */
import type { Admin } from '@platformatic/kafka';
import { createAdmin, type KafkaClientOptions } from '../kafka/index.ts';

export interface LazyAdmin {
  readonly get: () => Admin;
  close(): Promise<void>;
}

export function lazyAdmin(client: KafkaClientOptions): LazyAdmin {
  let admin: Admin | undefined;
  return {
    get: () => (admin ??= createAdmin(client, 'herder-admin')),
    async close() {
      const open = admin;
      admin = undefined;
      await open?.close().catch(() => {});
    },
  };
}
