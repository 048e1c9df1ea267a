/**
 * The TCP listener: accepts connections and hands each to a Connection.
 */
import { createServer, type Server } from 'node:net';
import type { Logger } from 'pino';
import { Connection } from './connection.ts';
import type { Dispatcher } from './dispatcher.ts';

export class TcpServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  constructor(dispatcher: Dispatcher, log: Logger, maxFrameBytes: number) {
    this.server = createServer({ noDelay: true }, (socket) => {
      const conn = new Connection(socket, dispatcher, log, maxFrameBytes, (c) => this.connections.delete(c));
      this.connections.add(conn);
    });
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        if (addr === null || typeof addr === 'string') return reject(new Error('listener has no TCP address'));
        resolve({ host, port: addr.port });
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of this.connections) conn.close();
    await closed;
  }
}
