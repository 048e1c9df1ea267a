/** Standard padded base64, as Jackson writes binary; decoding is strict so garbage is not read as bytes. */
import { DataException } from '../../../connectors/sdk/index.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}

export function decodeBase64(text: string, where: string): Buffer {
  if (!BASE64.test(text)) {
    throw new DataException(`Invalid ${where}: expected standard padded base64 text, got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`, {
      code: 'DATA_CONVERSION_FAILED',
    });
  }
  return Buffer.from(text, 'base64');
}
