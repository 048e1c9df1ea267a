/**
 * The contract between the server and one API's handler. A handler is where the
 * protocol meets storage: it gets a decoded request body and returns the response
 * body (or null when the protocol sends none, e.g. Produce with acks=0).
 */
import type { Message } from '../protocol/schema/codec.ts';

export interface RequestContext {
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly clientAddress: string;
  /** Aborted when the connection closes, so long waits (Fetch) can give up early. */
  readonly signal: AbortSignal;
}

export interface Handler {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
  handle(request: Message, ctx: RequestContext): Message | null | Promise<Message | null>;
}
