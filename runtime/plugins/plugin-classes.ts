/** Recognising what a module export is: a source or sink connector class, or a converter class. */
import { Connector, SinkConnector, SourceConnector, type Converter, type ConverterClass } from '../../connectors/sdk/index.ts';

export type ConnectorType = 'source' | 'sink';

export type ConnectorClass = new () => SourceConnector | SinkConnector;

export function connectorType(value: unknown): ConnectorType | null {
  if (typeof value !== 'function') return null;
  if (value.prototype instanceof SourceConnector) return 'source';
  if (value.prototype instanceof SinkConnector) return 'sink';
  return null;
}

export function isConverterClass(value: unknown): value is ConverterClass {
  if (typeof value !== 'function') return false;
  const prototype = value.prototype as Partial<Converter> | undefined;
  return typeof prototype?.configure === 'function' && typeof prototype.fromConnectData === 'function' && typeof prototype.toConnectData === 'function';
}

/**
 * Why a class is not a connector, for the problem report. A class extending some other copy of the SDK
 * looks right by name but fails instanceof: say so, since that is a packaging mistake with a known fix.
 */
export function notAConnectorReason(value: unknown): string {
  if (typeof value !== 'function') return `it is ${value === null ? 'null' : `a ${typeof value}`}, not a class`;
  if (value === SourceConnector || value === SinkConnector || value.prototype instanceof Connector) {
    return `${value.name || 'the class'} is not a concrete connector: extend SourceConnector or SinkConnector and implement their methods`;
  }
  for (let prototype = Object.getPrototypeOf(value.prototype) as object | null; prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    const name = prototype.constructor?.name;
    if (name === 'SourceConnector' || name === 'SinkConnector' || name === 'Connector') {
      return `it extends a ${name} from another copy of the SDK: declare "sluice" as a peerDependency and do not bundle sluice/sdk`;
    }
  }
  return `class ${value.name || '(anonymous)'} extends neither SourceConnector nor SinkConnector from sluice/sdk`;
}
