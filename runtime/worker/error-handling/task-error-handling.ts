/**
 * A task's error handling, assembled from its connector's errors.* config: the retry/tolerance operator
 * and its reporters (log when errors.log.enable, dead letter queue when a sink names one). The dead
 * letter producer is opened here, at task start, so a broker that cannot take it fails the task early;
 * the topic is created first when the worker can create topics (else the broker's auto-creation applies).
 */
import type { Logger } from 'pino';
import type { ConnectorTaskId } from '../../herder/connect-types.ts';
import { clientConfigs } from '../client-configs.ts';
import type { TaskClients } from '../task-clients.ts';
import { DeadLetterQueueReporter } from './dead-letter-queue-reporter.ts';
import { errorHandlingConfig, type ErrorHandlingConfig } from './error-handling-config.ts';
import type { ErrorReporter } from './error-reporter.ts';
import { LogReporter } from './log-reporter.ts';
import { RetryWithTolerance } from './retry-with-tolerance.ts';

export interface TaskErrorHandling {
  readonly config: ErrorHandlingConfig;
  readonly operator: RetryWithTolerance;
  /** Whether anything reports errors (for SinkTaskContext.errantRecordReporter()). */
  readonly reporting: boolean;
  close(): Promise<void>;
}

export interface TaskErrorHandlingOptions {
  readonly id: ConnectorTaskId;
  readonly kind: 'source' | 'sink';
  readonly connectorConfig: Readonly<Record<string, string>>;
  readonly workerProps: Readonly<Record<string, string>>;
  readonly clients: TaskClients;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

export async function createTaskErrorHandling(options: TaskErrorHandlingOptions): Promise<TaskErrorHandling> {
  const config = errorHandlingConfig(options.connectorConfig);
  const reporters: ErrorReporter[] = [];
  if (config['errors.log.enable']) reporters.push(new LogReporter(options.logger, config['errors.log.include.messages']));
  const dlqTopic = config['errors.deadletterqueue.topic.name'];
  if (dlqTopic !== '' && options.kind === 'source') {
    options.logger.warn({ topic: dlqTopic }, 'errors.deadletterqueue.topic.name applies to sink connectors only; ignored for this source connector');
  } else if (dlqTopic !== '') {
    await options.clients.ensureTopic?.({ name: dlqTopic, partitions: 1, replicationFactor: config['errors.deadletterqueue.topic.replication.factor'] });
    const producer = await options.clients.producer({
      clientId: `connector-dlq-producer-${options.id.connector}-${options.id.task}`,
      configs: clientConfigs('producer', options.workerProps, options.connectorConfig),
    });
    reporters.push(new DeadLetterQueueReporter({ topic: dlqTopic, producer, contextHeaders: config['errors.deadletterqueue.context.headers.enable'], logger: options.logger }));
  }
  const operator = new RetryWithTolerance({ task: options.id, config, reporters, signal: options.signal });
  return {
    config,
    operator,
    reporting: config['errors.tolerance'] === 'all' || reporters.length > 0,
    async close() {
      for (const reporter of reporters) await reporter.close?.().catch(() => {});
    },
  };
}
