/**
 * Consumer groups with third-party clients against the real broker process: kafkajs 2.2.4,
 * @platformatic/kafka 2.x, kafka-python 2.0.2, confluent-kafka (librdkafka) and kcat -G.
 * For each: members of one group share the partitions of a 6-partition topic exactly once; a member
 * that leaves (close) or dies (SIGKILL) hands its partitions to the others; committed offsets resume
 * after a consumer restart and after a broker restart on the same data dir.
 *
 * Timing: the broker runs with a short initial rebalance delay and a low minimum session timeout when its
 * config schema knows those settings; clients heartbeat every 300 ms. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer as KafkajsConsumer } from 'kafkajs';
import { Consumer as PlatformaticConsumer, type MessagesStream } from '@platformatic/kafka';
import { startBrokerProcess, tempDataDir, type BrokerProcess } from '../support/broker-process.ts';

const PARTITIONS = 6;
const PYTHON = '/usr/bin/python3';
const HEARTBEAT_MS = 300;
const SCHEMA = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../schemas/broker-config.json'), 'utf8')) as { properties: Record<string, unknown> };
const FAST_GROUPS = 'group.min.session.timeout.ms' in SCHEMA.properties;
/** Session timeout the clients ask for: short when the broker allows it (Kafka's minimum is 6 s). */
const SESSION_MS = FAST_GROUPS ? 3000 : 6000;

function groupSettings(): Record<string, unknown> {
  const wanted: Record<string, unknown> = { 'group.initial.rebalance.delay.ms': 100, 'group.min.session.timeout.ms': 1000 };
  return Object.fromEntries(Object.entries(wanted).filter(([name]) => name in SCHEMA.properties));
}

function startBroker(dataDir?: string): Promise<BrokerProcess> {
  return startBrokerProcess({ dataDir, config: groupSettings() });
}

/** Polls until the condition holds; `what` is evaluated on timeout so it can show the state then. */
async function waitFor(what: () => string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- topics and records (kafkajs as the admin and producer for every scenario) ----

function kafkaFor(broker: BrokerProcess): Kafka {
  return new Kafka({ clientId: 'groups-interop', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
}

async function createTopic(broker: BrokerProcess, topic: string): Promise<void> {
  const admin = kafkaFor(broker).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
  } finally {
    await admin.disconnect();
  }
}

/** `perPartition` records into every partition, valued `<tag>-<partition>-<i>`. */
async function produce(broker: BrokerProcess, topic: string, perPartition: number, tag: string): Promise<void> {
  const producer = kafkaFor(broker).producer();
  await producer.connect();
  try {
    const messages = [];
    for (let p = 0; p < PARTITIONS; p++) {
      for (let i = 0; i < perPartition; i++) messages.push({ partition: p, value: `${tag}-${p}-${i}` });
    }
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

async function committedOffsets(broker: BrokerProcess, groupId: string, topic: string): Promise<number[]> {
  const admin = kafkaFor(broker).admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return result.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  } finally {
    await admin.disconnect();
  }
}

// ---- group members, one kind per client ----

interface Received {
  readonly partition: number;
  readonly offset: number;
  readonly value: string;
}

interface Member {
  readonly name: string;
  /** Last lines a member process wrote to stderr, and how it exited, for failure messages. */
  readonly diagnostics: string[];
  /** Partitions of the topic in the member's latest assignment. */
  assigned: number[];
  readonly received: Received[];
  /** Leaves the group (LeaveGroup) and stops. */
  close(): Promise<void>;
  /** Process members only: dies without leaving. */
  kill?(): Promise<void>;
}

type MemberFactory = (broker: BrokerProcess, groupId: string, topic: string, name: string) => Promise<Member>;

const kafkajsMember: MemberFactory = async (broker, groupId, topic, name) => {
  const consumer: KafkajsConsumer = kafkaFor(broker).consumer({
    groupId,
    sessionTimeout: SESSION_MS,
    rebalanceTimeout: 10_000,
    heartbeatInterval: HEARTBEAT_MS,
    maxWaitTimeInMs: 200,
  });
  const member: Member = { name, diagnostics: [], assigned: [], received: [], close: () => consumer.disconnect() };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    member.assigned = [...((e.payload.memberAssignment as Record<string, number[]>)[topic] ?? [])].sort((a, b) => a - b);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      member.received.push({ partition, offset: Number(message.offset), value: message.value!.toString() });
    },
  });
  return member;
};

const platformaticMember: MemberFactory = async (broker, groupId, topic, name) => {
  const consumer = new PlatformaticConsumer({
    clientId: name,
    groupId,
    bootstrapBrokers: [broker.bootstrap],
    sessionTimeout: SESSION_MS,
    rebalanceTimeout: 10_000,
    heartbeatInterval: HEARTBEAT_MS,
    maxWaitTime: 200,
  });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  const member: Member = {
    name,
    diagnostics: [],
    assigned: [],
    received: [],
    async close() {
      await stream?.close();
      await consumer.close();
    },
  };
  consumer.on('consumer:group:join', (payload) => {
    const mine = (payload.assignments ?? []).filter((a) => a.topic === topic).flatMap((a) => a.partitions);
    member.assigned = [...mine].sort((a, b) => a - b);
  });
  stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 200 });
  stream.on('data', (m) => member.received.push({ partition: m.partition, offset: Number(m.offset), value: m.value.toString() }));
  stream.on('error', () => {});
  return member;
};

/** A member process that prints JSON lines: {event:'assigned', partitions} and {event:'record', partition, offset, value}. */
function processMember(name: string, command: string, args: string[], onLine: (line: string, member: Member) => void, stop: (child: ChildProcess) => void): Promise<Member> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.on('error', () => {});
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const member: Member = {
    name,
    diagnostics: [],
    assigned: [],
    received: [],
    async close() {
      if (!alive()) return;
      stop(child);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(line, member));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    member.diagnostics.push(line);
    if (member.diagnostics.length > 30) member.diagnostics.shift();
    onLine(line, member);
  });
  child.once('exit', (code, signal) => member.diagnostics.push(`exited with ${code ?? signal}`));
  running.push(member);
  return Promise.resolve(member);
}

function jsonLines(line: string, member: Member): void {
  if (!line.startsWith('{')) return;
  const event = JSON.parse(line) as { event: string; partitions?: number[]; partition?: number; offset?: number; value?: string };
  if (event.event === 'assigned') member.assigned = event.partitions!;
  if (event.event === 'revoked') member.assigned = member.assigned.filter((p) => !event.partitions!.includes(p));
  if (event.event === 'record') member.received.push({ partition: event.partition!, offset: event.offset!, value: event.value! });
}

/** Closes gracefully when stdin says so (or closes), committing after every poll that returned records. */
const KAFKA_PYTHON_MEMBER = `
import json, sys, threading
from kafka import KafkaConsumer, ConsumerRebalanceListener
bootstrap, group, topic, session_ms, heartbeat_ms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def emit(**kw): print(json.dumps(kw), flush=True)
class Listener(ConsumerRebalanceListener):
    def on_partitions_revoked(self, revoked): emit(event='revoked', partitions=sorted(tp.partition for tp in revoked))
    def on_partitions_assigned(self, assigned): emit(event='assigned', partitions=sorted(tp.partition for tp in assigned))
consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, client_id='kafka-python-member', auto_offset_reset='earliest',
    enable_auto_commit=False, session_timeout_ms=session_ms, heartbeat_interval_ms=heartbeat_ms, fetch_max_wait_ms=200)
consumer.subscribe([topic], listener=Listener())
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
while not stop.is_set():
    batches = consumer.poll(timeout_ms=200)
    for tp, records in batches.items():
        for r in records: emit(event='record', partition=r.partition, offset=r.offset, value=r.value.decode())
    if batches: consumer.commit()
consumer.close()
`;

const CONFLUENT_MEMBER = `
import json, sys, threading
from confluent_kafka import Consumer, KafkaException
bootstrap, group, topic, session_ms, heartbeat_ms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def emit(**kw): print(json.dumps(kw), flush=True)
consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'client.id': 'confluent-member', 'auto.offset.reset': 'earliest',
    'enable.auto.commit': False, 'session.timeout.ms': session_ms, 'heartbeat.interval.ms': heartbeat_ms, 'fetch.wait.max.ms': 200})
consumer.subscribe([topic],
    on_assign=lambda c, ps: emit(event='assigned', partitions=sorted(p.partition for p in ps)),
    on_revoke=lambda c, ps: emit(event='revoked', partitions=sorted(p.partition for p in ps)))
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
while not stop.is_set():
    got = [m for m in consumer.consume(num_messages=100, timeout=0.2) if m.error() is None]
    for m in got: emit(event='record', partition=m.partition(), offset=m.offset(), value=m.value().decode())
    if got:
        try: consumer.commit(asynchronous=False)
        except KafkaException as e: emit(event='commit-failed', error=str(e))
consumer.close()
`;

const kafkaPythonMember: MemberFactory = (broker, groupId, topic, name) =>
  processMember(name, PYTHON, ['-c', KAFKA_PYTHON_MEMBER, broker.bootstrap, groupId, topic, String(SESSION_MS), String(HEARTBEAT_MS)], jsonLines, (c) => c.stdin!.end('close\n'));

const confluentMember: MemberFactory = (broker, groupId, topic, name) =>
  processMember(name, PYTHON, ['-c', CONFLUENT_MEMBER, broker.bootstrap, groupId, topic, String(SESSION_MS), String(HEARTBEAT_MS)], jsonLines, (c) => c.stdin!.end('close\n'));

/** kcat -G prints records on stdout (-u: unbuffered) and "% Group g rebalanced (...): assigned: t [0], t [3]" on stderr; SIGTERM leaves the group. */
const kcatMember: MemberFactory = (broker, groupId, topic, name) => {
  const args = ['-b', broker.bootstrap, '-G', groupId, topic, '-u', '-f', '%p %o %s\\n', '-X', 'auto.offset.reset=earliest', '-X', `session.timeout.ms=${SESSION_MS}`, '-X', `heartbeat.interval.ms=${HEARTBEAT_MS}`, '-X', 'auto.commit.interval.ms=200', '-X', 'fetch.wait.max.ms=200'];
  return processMember(
    name,
    'kcat',
    args,
    (line, member) => {
      const rebalanced = /rebalanced \(memberid [^)]*\): (assigned|revoked): (.*)$/.exec(line);
      if (rebalanced) {
        const partitions = [...rebalanced[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
        member.assigned = rebalanced[1] === 'assigned' ? partitions.sort((a, b) => a - b) : [];
        return;
      }
      const record = /^(\d+) (\d+) (.*)$/.exec(line);
      if (record) member.received.push({ partition: Number(record[1]), offset: Number(record[2]), value: record[3] });
    },
    (c) => c.kill('SIGTERM'),
  );
};

const running: Member[] = [];

/** Every partition assigned to exactly one of the members. */
function coversExactlyOnce(members: readonly Member[]): boolean {
  const all = members.flatMap((m) => m.assigned).sort((a, b) => a - b);
  return all.length === PARTITIONS && all.every((p, i) => p === i);
}

function describeMembers(members: readonly Member[]): string {
  return members
    .map((m) => `${m.name}: assigned [${m.assigned.join(',')}], ${m.received.length} received${m.diagnostics.length ? `, stderr:\n  ${m.diagnostics.join('\n  ')}` : ''}`)
    .join('\n');
}

async function closeAll(members: Member[]): Promise<void> {
  await Promise.allSettled(members.map((m) => m.close()));
}

// ---- the scenarios, per client ----

const CLIENTS: { name: string; member: MemberFactory; processes: boolean }[] = [
  { name: 'kafkajs 2.2.4', member: kafkajsMember, processes: false },
  { name: '@platformatic/kafka', member: platformaticMember, processes: false },
  { name: 'kafka-python 2.0.2', member: kafkaPythonMember, processes: true },
  { name: 'confluent-kafka (librdkafka)', member: confluentMember, processes: true },
  { name: 'kcat -G', member: kcatMember, processes: true },
];

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker();
});

afterAll(async () => {
  await closeAll(running.splice(0));
  await broker?.stop();
  broker?.cleanup();
});

describe.each(CLIENTS)('consumer groups: $name', ({ name, member: newMember, processes }) => {
  const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

  it('three members share the six partitions exactly once; leaving and dying members hand theirs over', async () => {
    const topic = `groups-${slug}`;
    const groupId = `group-${slug}`;
    await createTopic(broker, topic);
    await produce(broker, topic, 5, 'first');
    const members = [await newMember(broker, groupId, topic, 'm0'), await newMember(broker, groupId, topic, 'm1'), await newMember(broker, groupId, topic, 'm2')];
    try {
      await waitFor(() => `a three-way assignment:\n${describeMembers(members)}`, () => members.every((m) => m.assigned.length > 0) && coversExactlyOnce(members));
      await waitFor(() => `all 30 records consumed:\n${describeMembers(members)}`, () => new Set(members.flatMap((m) => m.received.map((r) => r.value))).size === 30);

      await members[0].close();
      const rest = members.slice(1);
      await waitFor(() => `a two-way assignment after a member left:\n${describeMembers(rest)}`, () => rest.every((m) => m.assigned.length > 0) && coversExactlyOnce(rest));

      if (processes) {
        await members[1].kill!();
        await waitFor(() => `the survivor owning everything after a member died:\n${describeMembers([members[2]])}`, () => coversExactlyOnce([members[2]]), SESSION_MS + 20_000);
      }
    } finally {
      await closeAll(members);
    }
  }, 90_000);

  it('committed offsets resume after a consumer restart', async () => {
    const topic = `resume-${slug}`;
    const groupId = `resume-group-${slug}`;
    await createTopic(broker, topic);
    await produce(broker, topic, 4, 'old');
    const first = await newMember(broker, groupId, topic, 'first');
    try {
      await waitFor(() => `the first consumer reading all 24 records:\n${describeMembers([first])}`, () => first.received.length >= 24);
      await waitFor(() => 'offsets 4 committed on every partition', async () => (await committedOffsets(broker, groupId, topic)).every((o) => o === 4));
    } finally {
      await first.close();
    }
    await produce(broker, topic, 1, 'new');
    const second = await newMember(broker, groupId, topic, 'second');
    try {
      await waitFor(() => `the restarted consumer reading the 6 new records:\n${describeMembers([second])}`, () => second.received.length >= 6);
      await new Promise((r) => setTimeout(r, 500));
      expect(second.received.map((r) => r.value).sort()).toEqual(Array.from({ length: PARTITIONS }, (_, p) => `new-${p}-0`));
    } finally {
      await second.close();
    }
  }, 90_000);
});

describe('committed offsets survive a broker restart', () => {
  for (const client of [CLIENTS[0], CLIENTS[3]]) {
    it(`${client.name}: the group resumes where it committed`, async () => {
      const dataDir = tempDataDir();
      const topic = 'restart-topic';
      const groupId = 'restart-group';
      let own = await startBroker(dataDir);
      try {
        await createTopic(own, topic);
        await produce(own, topic, 3, 'before');
        const first = await client.member(own, groupId, topic, 'before-restart');
        try {
          await waitFor(() => `18 records consumed before the restart:\n${describeMembers([first])}`, () => first.received.length >= 18);
          await waitFor(() => 'offsets 3 committed on every partition', async () => (await committedOffsets(own, groupId, topic)).every((o) => o === 3));
        } finally {
          await first.close();
        }
        await own.stop();

        own = await startBroker(dataDir);
        expect(await committedOffsets(own, groupId, topic)).toEqual([3, 3, 3, 3, 3, 3]);
        await produce(own, topic, 1, 'after');
        const second = await client.member(own, groupId, topic, 'after-restart');
        try {
          await waitFor(() => `the 6 records produced after the restart:\n${describeMembers([second])}`, () => second.received.length >= 6);
          await new Promise((r) => setTimeout(r, 500));
          expect(second.received.map((r) => r.value).sort()).toEqual(Array.from({ length: PARTITIONS }, (_, p) => `after-${p}-0`));
        } finally {
          await second.close();
        }
      } finally {
        await own.stop();
        own.cleanup();
      }
    }, 120_000);
  }
});
