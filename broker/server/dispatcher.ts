/**
 * Turns one request frame into one response (or none): reads the header, checks the
 * API and version against what the broker advertises, decodes the body, runs the
 * handler and encodes its answer. Problems that the protocol can answer become error
 * responses; the rest become a RequestRejected, after which the connection is closed.
 */
import { Reader, ProtocolDecodeError } from '../protocol/primitives/reader.ts';
import { apiByKey } from '../protocol/messages/index.ts';
import { decodeRequestBody, encodeResponse } from '../protocol/message-codec.ts';
import { readRequestHeaderPrefix, readRequestHeaderRest, API_VERSIONS_KEY } from '../protocol/request-header.ts';
import { isFlexible } from '../protocol/schema/definition.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { Handler, RequestContext } from './handler.ts';

/** The request cannot be answered within the protocol; the connection must be closed. */
export class RequestRejected extends Error {
  override name = 'RequestRejected';
}

export interface DispatchResult {
  apiKey: number;
  /** Response frame payload pieces (without size prefix), or null when no response is sent. */
  response: Buffer[] | null;
}

export class Dispatcher {
  private readonly handlers: Map<number, Handler>;

  constructor(handlers: readonly Handler[]) {
    this.handlers = new Map(handlers.map((h) => [h.apiKey, h]));
  }

  advertised(): { apiKey: number; minVersion: number; maxVersion: number }[] {
    return [...this.handlers.values()]
      .map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }

  async dispatch(frame: Buffer, conn: { clientAddress: string; signal: AbortSignal }): Promise<DispatchResult> {
    const r = new Reader(frame);
    let prefix;
    try {
      prefix = readRequestHeaderPrefix(r);
    } catch (err) {
      throw new RequestRejected(`frame of ${frame.length} bytes is too short for a request header`);
    }
    const { apiKey, apiVersion, correlationId } = prefix;
    const handler = this.handlers.get(apiKey);
    const api = apiByKey(apiKey);
    if (!handler || !api) throw new RequestRejected(`unknown API key ${apiKey} (correlation id ${correlationId})`);

    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) return { apiKey, response: this.unsupportedApiVersions(correlationId) };
      throw new RequestRejected(`${api.name} v${apiVersion} is not supported (supported ${handler.minVersion}-${handler.maxVersion})`);
    }

    let body;
    let clientId: string | null;
    try {
      clientId = readRequestHeaderRest(r, isFlexible(api, apiVersion)).clientId;
      body = decodeRequestBody(api, apiVersion, r);
    } catch (err) {
      if (err instanceof ProtocolDecodeError) {
        throw new RequestRejected(`malformed ${api.name} v${apiVersion} request (correlation id ${correlationId}): ${err.message}`);
      }
      throw err;
    }
    const ctx: RequestContext = { apiVersion, correlationId, clientId, clientAddress: conn.clientAddress, signal: conn.signal };
    const answer = await handler.handle(body, ctx);
    if (answer === null) return { apiKey, response: null };
    return { apiKey, response: encodeResponse(api, apiVersion, correlationId, answer) };
  }

  /** ApiVersions at a version we do not speak: answer in v0 with error 35 and our ranges, as Kafka does. */
  private unsupportedApiVersions(correlationId: number): Buffer[] {
    const api = apiByKey(API_VERSIONS_KEY)!;
    return encodeResponse(api, 0, correlationId, {
      errorCode: ErrorCode.UNSUPPORTED_VERSION.code,
      apiKeys: this.advertised(),
    });
  }
}
