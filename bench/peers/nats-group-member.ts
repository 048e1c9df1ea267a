/**
 * Peer of a consumer-group member: one puller of a JetStream durable pull consumer that several
 * processes share (JetStream hands each message of the stream to one of the pullers, which is
 * the nearest thing NATS has to a Kafka consumer group). Run by bench/group-throughput.ts as
 *
 *   node bench/peers/nats-group-member.ts '<json settings>'
 *
 * The durable consumer exists already (createSharedConsumer in nats-jetstream.ts: ack policy
 * none, deliver all, as the single consumer of the throughput bench). The member connects, looks
 * the consumer up, says `ready`, waits for `go`, says `started` and pulls with consume() and a
 * callback, `batch` messages per pull. Each message's stream sequence is counted in a byte map
 * of N+1 entries, written to `seenFile` on `stop`, so the orchestrator can check across members
 * that every sequence 1..N arrived exactly once.
 */
import { writeFileSync } from 'node:fs';
import { connect, type JsMsg } from 'nats';
import { command, emit, Progress } from '../support/member-protocol.ts';

interface Settings {
  url: string;
  stream: string;
  durable: string;
  records: number;
  size: number;
  seenFile: string;
  batch?: number;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as Settings;
  const nc = await connect({ servers: settings.url, name: 'sluice-bench-group-member', maxReconnectAttempts: 0 });
  const consumer = await nc.jetstream().consumers.get(settings.stream, settings.durable);
  const seen = new Uint8Array(settings.records + 1);
  const progress = new Progress();
  let wrongSize = 0;
  let outOfRange = 0;
  const go = command('go');
  emit('ready');
  await go;
  emit('started');
  // The stream sequence is in the reply (ack) subject, `$JS.ACK.<stream>.<consumer>.<delivered>.
  // <stream seq>.<consumer seq>.<time>.<pending>`. message.seq parses the whole subject into an
  // info object (split, several numbers), which cost this loop about a quarter of its speed;
  // reading the one token needed keeps the check from slowing the peer down. Other subject forms
  // (with a JetStream domain) fall back to message.seq.
  const prefix = `$JS.ACK.${settings.stream}.${settings.durable}.`;
  const sequenceOf = (message: JsMsg): number => {
    // `reply` is a getter of nats.js's message class that its JsMsg type does not declare.
    const reply = (message as JsMsg & { reply?: string }).reply;
    if (typeof reply !== 'string' || !reply.startsWith(prefix)) return message.seq;
    const afterDelivered = reply.indexOf('.', prefix.length) + 1;
    const end = reply.indexOf('.', afterDelivered);
    return Number(reply.slice(afterDelivered, end));
  };
  const messages = await consumer.consume({
    max_messages: settings.batch ?? 2_000,
    callback: (message) => {
      const seq = sequenceOf(message);
      if (seq >= 1 && seq <= settings.records) {
        if (seen[seq]! < 255) seen[seq]!++;
      } else outOfRange++;
      if (message.data.length !== settings.size) wrongSize++;
      progress.add(1);
    },
  });
  await command('stop');
  progress.stop();
  await messages.close();
  writeFileSync(settings.seenFile, seen);
  emit('final', { records: progress.records, first_t: progress.firstT, last_t: progress.lastT, wrong_size: wrongSize, out_of_range: outOfRange });
  await nc.close();
  emit('closed');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
