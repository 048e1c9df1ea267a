/**
 * A sink connector for benchmarks: every record put() is counted and dropped. Each task keeps a small
 * JSON progress file up to date (`<progress.file>.<task.index>.json`, replaced atomically every
 * `progress.interval.ms` while something changed, and at open/close/stop), so that the benchmark
 * (bench/runtime-throughput.ts) can tell when all N records went through and when the last one did,
 * without adding any per-record cost beyond a counter.
 *
 * Plain JavaScript on purpose: the plugin is loaded by the compiled runtime (dist/) as any installed
 * plugin would be, needs no build step, and `tsc -p tsconfig.json` (which covers bench/) never has to
 * resolve 'sluice/sdk', which only exists at run time (the runtime maps it to its own SDK).
 *
 * Progress file fields: pid (of the worker running the task), task, startedAt, openedAt (first
 * assignment), assigned (current partitions), records, puts (non-empty put() calls), firstAt/lastAt
 * (wall-clock ms of the first and last non-empty put()), partitions: {"topic-p": {count, min, max}}
 * (offsets seen; count > max-min+1 means redelivered records), bytes (key+value bytes of Buffer/string
 * values; 0 for converted structures), closedAt/stoppedAt.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { ConfigDef, SinkConnector, SinkTask } from 'sluice/sdk';

const VERSION = '0.1.0';

const CONFIG = new ConfigDef({
  type: 'object',
  properties: {
    'progress.file': {
      type: 'string',
      minLength: 1,
      description: 'Path prefix of the progress files; task i writes <progress.file>.<i>.json.',
      'x-importance': 'high',
    },
    'progress.interval.ms': {
      type: 'integer',
      minimum: 10,
      default: 100,
      description: 'How often a task rewrites its progress file while its counts change.',
      'x-importance': 'low',
    },
    'task.index': {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Set by the connector in each task config.',
      'x-importance': 'low',
    },
  },
  required: ['progress.file'],
});

const wallMs = () => performance.timeOrigin + performance.now();

function sizeOf(value) {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.length;
  return 0;
}

export class DiscardSinkTask extends SinkTask {
  #file = '';
  #intervalMs = 100;
  #timer = undefined;
  #dirty = true;
  #state = {
    pid: process.pid,
    task: 0,
    startedAt: 0,
    openedAt: null,
    assigned: [],
    records: 0,
    puts: 0,
    bytes: 0,
    firstAt: null,
    lastAt: null,
    partitions: {},
    closedAt: null,
    stoppedAt: null,
  };
  /** The tally of the partition last seen (a batch usually comes from one partition). */
  #lastKey = '';
  #lastTally = null;

  version() {
    return VERSION;
  }

  start(props) {
    const config = CONFIG.parse(props);
    this.#state.task = config['task.index'];
    this.#state.startedAt = wallMs();
    this.#file = `${config['progress.file']}.${config['task.index']}.json`;
    this.#intervalMs = config['progress.interval.ms'];
    this.#write();
    this.#timer = setInterval(() => {
      if (this.#dirty) this.#write();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  open(partitions) {
    this.#state.openedAt ??= wallMs();
    const names = new Set(this.#state.assigned);
    for (const tp of partitions) names.add(`${tp.topic}-${tp.partition}`);
    this.#state.assigned = [...names].sort();
    this.#write();
  }

  put(records) {
    const n = records.length;
    if (n === 0) return;
    const now = wallMs();
    const state = this.#state;
    state.firstAt ??= now;
    state.lastAt = now;
    state.records += n;
    state.puts++;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const record = records[i];
      const key = `${record.topic}-${record.kafkaPartition}`;
      let tally = this.#lastTally;
      if (key !== this.#lastKey) {
        tally = state.partitions[key] ??= { count: 0, min: record.kafkaOffset, max: record.kafkaOffset };
        this.#lastKey = key;
        this.#lastTally = tally;
      }
      tally.count++;
      if (record.kafkaOffset < tally.min) tally.min = record.kafkaOffset;
      if (record.kafkaOffset > tally.max) tally.max = record.kafkaOffset;
      bytes += sizeOf(record.key) + sizeOf(record.value);
    }
    state.bytes += bytes;
    this.#dirty = true;
  }

  close(partitions) {
    const gone = new Set(partitions.map((tp) => `${tp.topic}-${tp.partition}`));
    this.#state.assigned = this.#state.assigned.filter((name) => !gone.has(name));
    this.#state.closedAt = wallMs();
    this.#write();
  }

  stop() {
    clearInterval(this.#timer);
    this.#state.stoppedAt = wallMs();
    if (this.#file) this.#write();
  }

  #write() {
    this.#dirty = false;
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#state));
    renameSync(tmp, this.#file);
  }
}

export class DiscardSinkConnector extends SinkConnector {
  #props = {};

  version() {
    return VERSION;
  }

  config() {
    return CONFIG;
  }

  start(props) {
    CONFIG.parse(props);
    this.#props = props;
  }

  taskClass() {
    return DiscardSinkTask;
  }

  taskConfigs(maxTasks) {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.#props, 'task.index': String(i) }));
  }

  stop() {}
}
