/**
 * Request and response headers.
 *   Request header v0: api_key int16, api_version int16, correlation_id int32
 *   Request header v1: v0 + client_id nullable string (always int16-length, even in flexible requests)
 *   Request header v2: v1 + tagged fields
 *   Response header v0: correlation_id int32;  v1: v0 + tagged fields
 * Flexible requests use header v2 and flexible responses header v1, except that
 * ApiVersions responses always use header v0 so that a client that does not yet know
 * the broker's versions can read them.
 */
import { Reader } from './primitives/reader.ts';
import type { Writer } from './primitives/writer.ts';

export const API_VERSIONS_KEY = 18;

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Reads the fields every request version shares, so an unknown API can still be answered or logged. */
export function readRequestHeaderPrefix(r: Reader): Pick<RequestHeader, 'apiKey' | 'apiVersion' | 'correlationId'> {
  return { apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32() };
}

/** Reads the rest of the header once the API's flexibility at that version is known. */
export function readRequestHeaderRest(r: Reader, flexible: boolean): { clientId: string | null } {
  const clientId = r.nullableString(false);
  if (flexible) skipTaggedFields(r);
  return { clientId };
}

export function writeRequestHeader(w: Writer, header: RequestHeader, flexible: boolean): void {
  w.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId).string(header.clientId, false);
  if (flexible) w.unsignedVarint(0);
}

export function responseHeaderIsFlexible(apiKey: number, flexible: boolean): boolean {
  return flexible && apiKey !== API_VERSIONS_KEY;
}

export function writeResponseHeader(w: Writer, correlationId: number, flexibleHeader: boolean): void {
  w.int32(correlationId);
  if (flexibleHeader) w.unsignedVarint(0);
}

export function readResponseHeader(r: Reader, flexibleHeader: boolean): { correlationId: number } {
  const correlationId = r.int32();
  if (flexibleHeader) skipTaggedFields(r);
  return { correlationId };
}

export function skipTaggedFields(r: Reader): void {
  const count = r.unsignedVarint();
  for (let i = 0; i < count; i++) {
    r.unsignedVarint();
    r.raw(r.unsignedVarint());
  }
}
