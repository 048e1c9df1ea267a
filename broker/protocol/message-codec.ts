/**
 * Whole-message encode/decode: header plus body, for both directions, for any API
 * and version the definitions cover. Frames (the int32 size prefix) are the server's
 * and client's business, not this module's.
 */
import { Reader, ProtocolDecodeError } from './primitives/reader.ts';
import { Writer } from './primitives/writer.ts';
import { compileStruct, type Message } from './schema/codec.ts';
import { isFlexible, type ApiDefinition } from './schema/definition.ts';
import {
  readRequestHeaderPrefix,
  readRequestHeaderRest,
  readResponseHeader,
  responseHeaderIsFlexible,
  writeRequestHeader,
  writeResponseHeader,
  type RequestHeader,
} from './request-header.ts';

function checkVersion(api: ApiDefinition, version: number): void {
  if (version < api.versions[0] || version > api.versions[1]) {
    throw new ProtocolDecodeError(`${api.name} v${version} is outside the defined range ${api.versions[0]}-${api.versions[1]}`);
  }
}

export function decodeRequestBody(api: ApiDefinition, version: number, r: Reader): Message {
  checkVersion(api, version);
  const body = compileStruct(api.request, version, isFlexible(api, version)).read(r);
  if (r.remaining !== 0) throw new ProtocolDecodeError(`${api.name} v${version} request has ${r.remaining} trailing bytes`);
  return body;
}

export function encodeRequest(api: ApiDefinition, header: Omit<RequestHeader, 'apiKey'>, body: Message): Buffer[] {
  checkVersion(api, header.apiVersion);
  const flexible = isFlexible(api, header.apiVersion);
  const w = new Writer();
  writeRequestHeader(w, { ...header, apiKey: api.apiKey }, flexible);
  compileStruct(api.request, header.apiVersion, flexible).write(w, body);
  return w.toChunks();
}

export function encodeResponse(api: ApiDefinition, version: number, correlationId: number, body: Message): Buffer[] {
  checkVersion(api, version);
  const flexible = isFlexible(api, version);
  const w = new Writer();
  writeResponseHeader(w, correlationId, responseHeaderIsFlexible(api.apiKey, flexible));
  compileStruct(api.response, version, flexible).write(w, body);
  return w.toChunks();
}

export function decodeResponse(api: ApiDefinition, version: number, frame: Buffer): { correlationId: number; body: Message } {
  checkVersion(api, version);
  const flexible = isFlexible(api, version);
  const r = new Reader(frame);
  const { correlationId } = readResponseHeader(r, responseHeaderIsFlexible(api.apiKey, flexible));
  const body = compileStruct(api.response, version, flexible).read(r);
  if (r.remaining !== 0) throw new ProtocolDecodeError(`${api.name} v${version} response has ${r.remaining} trailing bytes`);
  return { correlationId, body };
}

export { readRequestHeaderPrefix, readRequestHeaderRest };
