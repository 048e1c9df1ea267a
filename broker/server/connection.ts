/**
 * One client connection. Requests may be pipelined: each is dispatched as soon as its
 * frame is complete (so a long Fetch wait does not stall decoding), and responses are
 * written strictly in request order. Anything the protocol cannot answer closes this
 * connection only, and is logged; the process and other clients carry on.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { FrameDecoder, FrameTooLargeError } from './frame-decoder.ts';
import { RequestRejected, type Dispatcher } from './dispatcher.ts';

/** Stop reading from a client with this many requests still unanswered (backpressure). */
const MAX_IN_FLIGHT = 128;

interface Slot {
  done: boolean;
  response: Buffer[] | null;
}

export class Connection {
  private readonly decoder: FrameDecoder;
  private readonly queue: Slot[] = [];
  private readonly abort = new AbortController();
  private closed = false;
  private readonly address: string;

  private readonly socket: Socket;
  private readonly dispatcher: Dispatcher;
  private readonly log: Logger;
  private readonly onClose: (c: Connection) => void;

  constructor(socket: Socket, dispatcher: Dispatcher, log: Logger, maxFrameBytes: number, onClose: (c: Connection) => void) {
    this.socket = socket;
    this.dispatcher = dispatcher;
    this.log = log;
    this.onClose = onClose;
    this.decoder = new FrameDecoder(maxFrameBytes);
    this.address = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug({ client: this.address, err: err.message }, 'socket error'));
    socket.on('close', () => this.teardown());
  }

  close(): void {
    this.socket.destroy();
    this.teardown();
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.onClose(this);
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      const reason = err instanceof FrameTooLargeError ? err.message : String(err);
      this.log.warn({ client: this.address, reason }, 'closing connection: bad frame');
      this.close();
      return;
    }
    for (const frame of frames) this.handleFrame(frame);
    if (this.queue.length >= MAX_IN_FLIGHT) this.socket.pause();
  }

  private handleFrame(frame: Buffer): void {
    if (this.closed) return;
    const slot: Slot = { done: false, response: null };
    this.queue.push(slot);
    this.dispatcher.dispatch(frame, { clientAddress: this.address, signal: this.abort.signal }).then(
      (result) => {
        slot.done = true;
        slot.response = result.response;
        this.flush();
      },
      (err) => {
        if (err instanceof RequestRejected) {
          this.log.warn({ client: this.address, reason: err.message }, 'closing connection: request rejected');
        } else {
          this.log.error({ client: this.address, err }, 'closing connection: handler failed');
        }
        this.close();
      },
    );
  }

  private flush(): void {
    if (this.closed) return;
    let wrote = false;
    while (this.queue.length > 0 && this.queue[0].done) {
      const { response } = this.queue.shift()!;
      if (response === null) continue;
      if (!wrote) this.socket.cork();
      wrote = true;
      let size = 0;
      for (const part of response) size += part.length;
      const prefix = Buffer.allocUnsafe(4);
      prefix.writeInt32BE(size, 0);
      this.socket.write(prefix);
      for (const part of response) this.socket.write(part);
    }
    if (wrote) this.socket.uncork();
    if (this.queue.length < MAX_IN_FLIGHT && this.socket.isPaused()) this.socket.resume();
  }
}
