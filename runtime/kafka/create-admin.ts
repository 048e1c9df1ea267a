/** The admin client the runtime uses for topic management and group offsets. */
import { Admin } from '@platformatic/kafka';
import { baseClientOptions, type KafkaClientOptions } from './kafka-client-options.ts';

export function createAdmin(options: KafkaClientOptions, purpose = 'admin'): Admin {
  return new Admin(baseClientOptions(options, purpose));
}
