// ApiVersions (API key 18)
//
// Header quirk (handled where headers are framed, not here): an ApiVersions response is
// always sent with response header v0, even for flexible versions, so a client that
// sent a version the broker does not know can still parse the error reply.
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const apiVersions = defineApi({
  name: 'ApiVersions',
  apiKey: 18,
  versions: [0, 4],
  flexibleFrom: 3,
  request: [field('clientSoftwareName', 'string', '3+'), field('clientSoftwareVersion', 'string', '3+')],
  response: [
    field('errorCode', 'int16', '0+'),
    field(
      'apiKeys',
      arrayOf([field('apiKey', 'int16', '0+'), field('minVersion', 'int16', '0+'), field('maxVersion', 'int16', '0+')]),
      '0+',
    ),
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'supportedFeatures',
      arrayOf([field('name', 'string', '3+'), field('minVersion', 'int16', '3+'), field('maxVersion', 'int16', '3+')]),
      '3+',
      { tagged: '3+', tag: 0 },
    ),
    field('finalizedFeaturesEpoch', 'int64', '3+', { tagged: '3+', tag: 1, default: -1n }),
    field(
      'finalizedFeatures',
      arrayOf([
        field('name', 'string', '3+'),
        field('maxVersionLevel', 'int16', '3+'),
        field('minVersionLevel', 'int16', '3+'),
      ]),
      '3+',
      { tagged: '3+', tag: 2 },
    ),
    field('zkMigrationReady', 'bool', '3+', { tagged: '3+', tag: 3 }),
  ],
});
