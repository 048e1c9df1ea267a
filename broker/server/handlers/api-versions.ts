// ApiVersions (key 18): tells the client which APIs and versions this broker speaks.
import { ErrorCode } from '../../protocol/error-codes.ts';
import { ApiKey, type SupportedApi } from '../supported-apis.ts';
import type { Handler } from '../handler.ts';

export function apiVersionsHandler(advertised: () => readonly SupportedApi[]): Handler {
  return {
    apiKey: ApiKey.ApiVersions,
    minVersion: 0,
    maxVersion: 3,
    handle() {
      return { errorCode: ErrorCode.NONE.code, apiKeys: advertised(), throttleTimeMs: 0 };
    },
  };
}
