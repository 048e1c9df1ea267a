/**
 * A loopback proxy between Kafka clients and the broker that can lose the response to a Produce request:
 * the request reaches the broker (which stores it), the answer never reaches the client, and the
 * connection is cut. The client cannot tell whether its batch was stored and retries it, which is what
 * idempotence is for. Start the broker advertising the proxy's address so reconnections come back here.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { FrameDecoder } from '../../broker/server/frame-decoder.ts';
import { apiByKey } from '../../broker/protocol/messages/index.ts';
import { decodeRequestBody } from '../../broker/protocol/message-codec.ts';
import { Reader } from '../../broker/protocol/primitives/reader.ts';
import { readRequestHeaderPrefix, readRequestHeaderRest } from '../../broker/protocol/request-header.ts';
import { BatchOffset, batchSizeAt } from '../../broker/protocol/records/batch-header.ts';
import { isFlexible } from '../../broker/protocol/schema/definition.ts';

const PRODUCE = 0;
const MAX_FRAME = 256 * 1024 * 1024;

export interface LossyProxy {
  readonly port: number;
  readonly address: string;
  setTarget(host: string, port: number): void;
  /** The response to the next Produce request (on any connection) is dropped and its connection cut. */
  loseNextProduceResponse(): void;
  /** How many responses were dropped so far. */
  readonly lost: number;
  /** `producerId:baseSequence` of every batch in the Produce requests whose answer was lost. */
  readonly lostBatches: string[];
  /** `producerId:baseSequence` of every batch of every Produce request, in order. */
  readonly sentBatches: string[];
  close(): Promise<void>;
}

export async function startLossyProxy(): Promise<LossyProxy> {
  let target: { host: string; port: number } | null = null;
  let armed = false;
  let lost = 0;
  const lostBatches: string[] = [];
  const sentBatches: string[] = [];
  const open = new Set<Socket>();

  const server = createServer((client) => {
    if (!target) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const requests = new FrameDecoder(MAX_FRAME);
    const responses = new FrameDecoder(MAX_FRAME);
    let doomed = -1;
    let doomedBatches: string[] = [];
    const cut = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      for (const frame of requests.push(chunk)) {
        if (frame.readInt16BE(0) !== PRODUCE) continue;
        const batches = batchesOf(frame);
        sentBatches.push(...batches);
        if (armed) {
          armed = false;
          doomed = frame.readInt32BE(4);
          doomedBatches = batches;
        }
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const frame of responses.push(chunk)) {
        if (frame.readInt32BE(0) === doomed) {
          lost++;
          lostBatches.push(...doomedBatches);
          cut();
          return;
        }
        const prefix = Buffer.alloc(4);
        prefix.writeInt32BE(frame.length);
        client.write(Buffer.concat([prefix, frame]));
      }
    });
    client.on('close', cut);
    upstream.on('close', cut);
    client.on('error', cut);
    upstream.on('error', cut);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    setTarget(host, p) {
      target = { host, port: p };
    },
    loseNextProduceResponse() {
      armed = true;
    },
    get lost() {
      return lost;
    },
    lostBatches,
    sentBatches,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function batchesOf(frame: Buffer): string[] {
  const r = new Reader(frame);
  const { apiVersion } = readRequestHeaderPrefix(r);
  const api = apiByKey(PRODUCE)!;
  readRequestHeaderRest(r, isFlexible(api, apiVersion));
  const request = decodeRequestBody(api, apiVersion, r);
  const keys: string[] = [];
  for (const topic of request.topicData) {
    for (const partition of topic.partitionData) {
      const records: Buffer | null = partition.records;
      for (let pos = 0; records && pos < records.length; pos += batchSizeAt(records, pos)) {
        keys.push(`${records.readBigInt64BE(pos + BatchOffset.producerId)}:${records.readInt32BE(pos + BatchOffset.baseSequence)}`);
      }
    }
  }
  return keys;
}
