/**
 * Which topics a sink connector consumes: `topics` (a comma-separated list) or `topics.regex` (a
 * pattern the whole topic name must match, as Java's Pattern.matches does), exactly one of them, and
 * never its own dead letter queue (Connect's SinkConnectorConfig checks).
 */
import { ConfigException, SinkConnector } from '../../connectors/sdk/index.ts';
import type { Subscription } from './task-consumer.ts';

const TOPICS = SinkConnector.TOPICS_CONFIG;
const TOPICS_REGEX = SinkConnector.TOPICS_REGEX_CONFIG;
const DLQ_TOPIC = 'errors.deadletterqueue.topic.name';

export function sinkSubscription(config: Readonly<Record<string, string>>): Subscription {
  const topics = (config[TOPICS] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  const regex = (config[TOPICS_REGEX] ?? '').trim();
  if (topics.length > 0 && regex !== '') {
    throw new ConfigException(`A sink connector sets either ${TOPICS} or ${TOPICS_REGEX}, not both`, { key: TOPICS_REGEX, value: regex });
  }
  if (topics.length === 0 && regex === '') {
    throw new ConfigException(`A sink connector must set ${TOPICS} or ${TOPICS_REGEX}`, { key: TOPICS });
  }
  const dlq = (config[DLQ_TOPIC] ?? '').trim();
  if (regex === '') {
    if (dlq !== '' && topics.includes(dlq)) {
      throw new ConfigException(`The dead letter queue topic "${dlq}" may not be one of the connector's ${TOPICS}`, { key: DLQ_TOPIC, value: dlq });
    }
    return { topics };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${regex})$`);
  } catch (error) {
    throw new ConfigException(`${TOPICS_REGEX} is not a valid regular expression: ${(error as Error).message}`, { key: TOPICS_REGEX, value: regex, cause: error });
  }
  if (dlq !== '' && pattern.test(dlq)) {
    throw new ConfigException(`The dead letter queue topic "${dlq}" may not match the connector's ${TOPICS_REGEX}`, { key: DLQ_TOPIC, value: dlq });
  }
  return { pattern };
}
