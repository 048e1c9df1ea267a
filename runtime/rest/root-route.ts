// GET /: which Sluice this worker runs and which Kafka cluster it works with.
import type { FastifyInstance } from 'fastify';
import type { ServerInfo } from '../herder/connect-types.ts';
import type { RestContext } from './rest-context.ts';
import { resource } from './resource.ts';

export function rootRoute(app: FastifyInstance, { herder, serverInfo }: RestContext): void {
  resource(app, '/', {
    GET: {
      handler: async (): Promise<ServerInfo> => ({ ...serverInfo, kafka_cluster_id: await herder.kafkaClusterId() }),
    },
  });
}
