// DescribeConfigs (API key 32)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const describeConfigs = defineApi({
  name: 'DescribeConfigs',
  apiKey: 32,
  versions: [0, 4],
  flexibleFrom: 4,
  request: [
    field(
      'resources',
      arrayOf([
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('configurationKeys', arrayOf('string'), '0+', { nullable: '0+' }),
      ]),
      '0+',
    ),
    field('includeSynonyms', 'bool', '1+'),
    field('includeDocumentation', 'bool', '3+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'results',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
            field('readOnly', 'bool', '0+'),
            field('isDefault', 'bool', '0'),
            field('configSource', 'int8', '1+', { default: -1 }),
            field('isSensitive', 'bool', '0+'),
            field(
              'synonyms',
              arrayOf([
                field('name', 'string', '1+'),
                field('value', 'string', '1+', { nullable: '0+' }),
                field('source', 'int8', '1+'),
              ]),
              '1+',
            ),
            field('configType', 'int8', '3+'),
            field('documentation', 'string', '3+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ],
});
