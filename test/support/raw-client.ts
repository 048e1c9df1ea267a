/**
 * A minimal Kafka client built on Sluice's own protocol codec: sends one request at a
 * time over a socket and decodes the answer. Tests use it to craft exact requests
 * (odd versions, hand-made batches) and to check the broker still answers.
 */
import { connect, type Socket } from 'node:net';
import { apiByKey } from '../../broker/protocol/messages/index.ts';
import { decodeResponse, encodeRequest } from '../../broker/protocol/message-codec.ts';
import { FrameDecoder } from '../../broker/server/frame-decoder.ts';
import type { Message } from '../../broker/protocol/schema/codec.ts';

export class RawClient {
  private readonly socket: Socket;
  private readonly decoder = new FrameDecoder(256 * 1024 * 1024);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private correlationId = 0;
  private closedError: Error | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk)) this.waiting.shift()?.(frame);
    });
    socket.on('close', () => {
      this.closedError = new Error('connection closed by broker');
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Sends raw bytes (a whole frame including its size prefix, or garbage). */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next frame the broker sends, for tests that wrote raw bytes. */
  nextFrame(timeoutMs = 5000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((f) => {
        clearTimeout(timer);
        resolve(f);
      });
    });
  }

  async request(apiKey: number, version: number, body: Message, timeoutMs = 10_000): Promise<Message> {
    const api = apiByKey(apiKey);
    if (!api) throw new Error(`no definition for API key ${apiKey}`);
    const correlationId = ++this.correlationId;
    const chunks = encodeRequest(api, { apiVersion: version, correlationId, clientId: 'raw-client' }, body);
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(size);
    const frame = await new Promise<Buffer>((resolve, reject) => {
      if (this.closedError) return reject(this.closedError);
      const timer = setTimeout(() => reject(new Error(`no answer to API ${apiKey} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((f) => {
        clearTimeout(timer);
        resolve(f);
      });
      this.socket.once('close', () => reject(new Error('connection closed by broker')));
      this.socket.write(Buffer.concat([prefix, ...chunks]));
    });
    const { correlationId: answered, body: decoded } = decodeResponse(api, version, frame);
    if (answered !== correlationId) throw new Error(`correlation id ${answered}, expected ${correlationId}`);
    return decoded;
  }

  close(): void {
    this.socket.destroy();
  }
}
