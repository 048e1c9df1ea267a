/**
 * Topic IDs: 16 random bytes, kept as the canonical UUID string (8-4-4-4-12 hex) inside the broker and
 * converted to the 16 wire bytes at the protocol boundary.
 */
import { randomUUID } from 'node:crypto';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newTopicId(): string {
  for (;;) {
    const id = randomUUID();
    if (!isReservedTopicId(id) && !looksLikeOption(id)) return id;
  }
}

export function isValidTopicId(id: string): boolean {
  return CANONICAL.test(id) && !isReservedTopicId(id);
}

export function topicIdToBytes(id: string): Buffer {
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

export function topicIdFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The all-zero ID means "no ID" on the wire and 0…01 is reserved for the metadata topic. */
function isReservedTopicId(id: string): boolean {
  const hex = id.replaceAll('-', '');
  return /^0{31}[01]$/.test(hex);
}

/** Kafka's tools print IDs in base64url; one starting with '-' would read as a command-line flag. */
function looksLikeOption(id: string): boolean {
  return Number.parseInt(id.slice(0, 2), 16) >> 2 === 62;
}
