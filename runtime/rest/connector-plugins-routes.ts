// The connector plugins installed on this worker, their config definitions and config validation.
import type { FastifyInstance } from 'fastify';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { RestContext } from './rest-context.ts';
import { BodySchemas } from './body-schemas.ts';
import { configFromBody, type ConfigBody } from './config-body.ts';
import { pathParam, queryFlag } from './request-parts.ts';
import { resource } from './resource.ts';

// "FileStreamSourceConnector", "FileStreamSource" and "org.x.FileStreamSourceConnector" all name one plugin.
function withoutConnectorSuffix(name: string): string {
  return name.endsWith('Connector') && name.length > 'Connector'.length ? name.slice(0, -'Connector'.length) : name;
}

export function connectorPluginsRoutes(app: FastifyInstance, { herder }: RestContext): void {
  resource(app, '/connector-plugins', {
    GET: { handler: async (request) => herder.connectorPlugins({ connectorsOnly: queryFlag(request, 'connectorsOnly', true) }) },
  });

  resource(app, '/connector-plugins/:plugin/config', {
    GET: { handler: async (request) => herder.connectorPluginConfig(pathParam(request, 'plugin')) },
  });

  resource(app, '/connector-plugins/:plugin/config/validate', {
    PUT: {
      body: BodySchemas.connectorConfig,
      handler: async (request) => {
        const plugin = pathParam(request, 'plugin');
        const config = configFromBody(request.body as ConfigBody);
        const included = config['connector.class'];
        if (included !== undefined && !withoutConnectorSuffix(included).endsWith(withoutConnectorSuffix(plugin))) {
          throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `The config's connector.class ${included} does not match the plugin of the request, ${plugin}`);
        }
        return herder.validateConnectorConfig(plugin, config);
      },
    },
  });
}
