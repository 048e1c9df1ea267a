// DescribeCluster (API key 60)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

/** Sentinel for "authorized operations not requested". */
const OPERATIONS_UNKNOWN = -2147483648;

export const describeCluster = defineApi({
  name: 'DescribeCluster',
  apiKey: 60,
  versions: [0, 1],
  flexibleFrom: 0,
  request: [field('includeClusterAuthorizedOperations', 'bool', '0+'), field('endpointType', 'int8', '1+', { default: 1 })],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('endpointType', 'int8', '1+', { default: 1 }),
    field('clusterId', 'string', '0+'),
    field('controllerId', 'int32', '0+', { default: -1 }),
    field(
      'brokers',
      arrayOf([
        field('brokerId', 'int32', '0+'),
        field('host', 'string', '0+'),
        field('port', 'int32', '0+'),
        field('rack', 'string', '0+', { nullable: '0+', default: null }),
      ]),
      '0+',
    ),
    field('clusterAuthorizedOperations', 'int32', '0+', { default: OPERATIONS_UNKNOWN }),
  ],
});
