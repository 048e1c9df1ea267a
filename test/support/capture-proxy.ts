/**
 * A loopback TCP proxy that sits between a Kafka client and the broker and records
 * every frame in both directions, in order, per connection. Bytes are forwarded as
 * they arrive (the proxy never delays or rewrites them); a FrameDecoder on each
 * direction splits a copy of the stream into frames for the recording.
 *
 * Request frames carry api key, version and correlation id in their header; a
 * response frame carries only the correlation id, so it is paired with the request
 * of the same connection that used that id (Kafka answers on the connection the
 * request came on, and correlation ids are unique among a connection's in-flight
 * requests).
 *
 * The broker tells clients where to connect in Metadata (and DescribeCluster /
 * FindCoordinator) responses; to keep those reconnections inside the proxy, start the
 * broker with `--advertise 127.0.0.1:<proxy port>`. The proxy therefore listens
 * first and learns its target later (`setTarget`), once the broker is up.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { FrameDecoder } from '../../broker/server/frame-decoder.ts';

export type Direction = 'request' | 'response';

export interface CapturedFrame {
  /** Connection number, in accept order, starting at 1. */
  connection: number;
  /** Order of the frame over the whole proxy (both directions, all connections). */
  seq: number;
  direction: Direction;
  /** The frame payload, without the int32 size prefix. */
  bytes: Buffer;
  /** For requests: from the header prefix. For responses: copied from the paired request, if any. */
  apiKey?: number;
  apiVersion?: number;
  correlationId: number;
  /** For a response, the seq of the request it answers; for a request, the seq of its response once seen. */
  pairedSeq?: number;
}

export interface CaptureProxy {
  readonly port: number;
  readonly address: string;
  /** Where connections are forwarded; must be set before the first client connects. */
  setTarget(host: string, port: number): void;
  /** Every frame recorded so far, in order. */
  frames(): CapturedFrame[];
  /** Returns the frames recorded so far and forgets them (pending pairings survive). */
  take(): CapturedFrame[];
  /** Connections currently open through the proxy. */
  openConnections(): number;
  close(): Promise<void>;
}

const MAX_FRAME = 256 * 1024 * 1024;

export async function startCaptureProxy(options: { host?: string } = {}): Promise<CaptureProxy> {
  const host = options.host ?? '127.0.0.1';
  let target: { host: string; port: number } | null = null;
  let recorded: CapturedFrame[] = [];
  let seq = 0;
  let connections = 0;
  const open = new Set<Socket>();

  const server: Server = createServer((client) => {
    const connection = ++connections;
    if (!target) {
      client.destroy(new Error('capture proxy has no target yet'));
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const inFlight = new Map<number, CapturedFrame>();
    const requests = new FrameDecoder(MAX_FRAME);
    const responses = new FrameDecoder(MAX_FRAME);

    const record = (direction: Direction, frame: Buffer) => {
      // Copy: the decoder hands out views into buffers that Node may reuse.
      const bytes = Buffer.from(frame);
      const entry: CapturedFrame = { connection, seq: ++seq, direction, bytes, correlationId: -1 };
      if (direction === 'request') {
        if (bytes.length >= 8) {
          entry.apiKey = bytes.readInt16BE(0);
          entry.apiVersion = bytes.readInt16BE(2);
          entry.correlationId = bytes.readInt32BE(4);
          inFlight.set(entry.correlationId, entry);
        }
      } else if (bytes.length >= 4) {
        entry.correlationId = bytes.readInt32BE(0);
        const request = inFlight.get(entry.correlationId);
        if (request) {
          inFlight.delete(entry.correlationId);
          entry.apiKey = request.apiKey;
          entry.apiVersion = request.apiVersion;
          entry.pairedSeq = request.seq;
          request.pairedSeq = entry.seq;
        }
      }
      recorded.push(entry);
    };

    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      for (const f of requests.push(chunk)) record('request', f);
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      for (const f of responses.push(chunk)) record('response', f);
    });
    const finish = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', finish);
    upstream.on('close', finish);
    client.on('error', finish);
    upstream.on('error', finish);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    address: `${host}:${port}`,
    setTarget(h, p) {
      target = { host: h, port: p };
    },
    frames: () => recorded.slice(),
    take() {
      const out = recorded;
      recorded = [];
      return out;
    },
    openConnections: () => open.size / 2,
    close() {
      for (const s of open) s.destroy();
      open.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
