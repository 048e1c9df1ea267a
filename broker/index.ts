// The broker's public facade: the only broker module code outside broker/ may import.
export { startBroker, type RunningBroker } from './server/broker.ts';
export { BrokerConfigError } from './server/broker-config.ts';
