/**
 * The body of a producer thread: boots (loads the client's modules) and says 'ready', then opens one
 * SourceRecordProducer (runtime/kafka's, unchanged) and feeds it the record frames its ThreadedProducer
 * posts. Encoding record batches, compressing and the network run here, off the worker's event loop.
 * Log lines go back to the worker's logger.
 */
import { parentPort } from 'node:worker_threads';
import { pino } from 'pino';
import { createSourceRecordProducer, type SourceRecordProducer } from '../source-record-producer.ts';
import { packMetadata, unpackRecords } from './record-frames.ts';
import { transferError, type FromThread, type ThreadProducerOptions, type ToThread } from './thread-protocol.ts';

const port = parentPort!;
const post = (message: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function open(options: ThreadProducerOptions): Promise<void> {
  const logger = pino({ level: options.logLevel, base: undefined }, { write: (line: string) => post({ type: 'log', line }) });
  let producer: SourceRecordProducer;
  try {
    producer = await createSourceRecordProducer({ ...options, logger });
  } catch (error) {
    post({ type: 'failed', id: null, error: transferError(error) });
    return;
  }
  post({ type: 'opened', idempotent: producer.idempotent });
  port.on('message', (message: ToThread) => {
    switch (message.type) {
      case 'send':
        producer.send(unpackRecords(message.frame)).then(
          (metadata) => {
            const frame = packMetadata(metadata);
            post({ type: 'sent', id: message.id, metadata: frame }, [frame.partitions.buffer, frame.offsets.buffer, frame.timestamps.buffer] as ArrayBuffer[]);
          },
          (error: unknown) => post({ type: 'failed', id: message.id, error: transferError(error) }),
        );
        break;
      case 'flush':
      case 'close':
        (message.type === 'flush' ? producer.flush() : producer.close()).then(
          () => post({ type: 'done', id: message.id }),
          (error: unknown) => post({ type: 'failed', id: message.id, error: transferError(error) }),
        );
        break;
    }
  });
}

port.once('message', (message: ToThread) => {
  if (message.type === 'open') void open(message.options);
});
post({ type: 'ready' });
