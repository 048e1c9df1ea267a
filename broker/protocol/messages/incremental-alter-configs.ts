// IncrementalAlterConfigs (API key 44)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const incrementalAlterConfigs = defineApi({
  name: 'IncrementalAlterConfigs',
  apiKey: 44,
  versions: [0, 1],
  flexibleFrom: 1,
  request: [
    field(
      'resources',
      arrayOf([
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '0+'),
            field('configOperation', 'int8', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('validateOnly', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'responses',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
      ]),
      '0+',
    ),
  ],
});
