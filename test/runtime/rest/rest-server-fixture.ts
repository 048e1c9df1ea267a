// A REST server over an in-memory herder on a free port, for the REST and CLI tests.
import { createServer } from 'node:net';
import { pino } from 'pino';
import type { Herder } from '../../../runtime/herder/herder.ts';
import { startRestServer, type RestServer, type RestServerOptions } from '../../../runtime/rest/rest-server.ts';
import { InMemoryHerder } from './in-memory-herder.ts';

export interface RestFixture<H extends Herder = InMemoryHerder> {
  herder: H;
  server: RestServer;
}

export async function startRestFixture<H extends Herder = InMemoryHerder>(
  herder: H = new InMemoryHerder() as unknown as H,
  options: Partial<RestServerOptions> = {},
): Promise<RestFixture<H>> {
  const server = await startRestServer({ herder, logger: pino({ level: 'silent' }), host: '127.0.0.1', port: 0, ...options });
  return { herder, server };
}

/** A local URL where nothing listens (a port that was free a moment ago). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
