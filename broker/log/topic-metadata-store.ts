/**
 * Topic metadata (names, topic IDs, partition counts, config overrides) kept in one JSON file in the data
 * dir and replaced atomically on every change. Topics change rarely and are few, so rewriting the whole
 * file is the simplest thing that is crash-safe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { AtomicFile } from './atomic-file.ts';

export const TOPICS_FILE = 'topics.json';
const FORMAT_VERSION = 1;

export interface StoredTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: number;
  readonly configs: Readonly<Record<string, string>>;
}

export class TopicMetadataStore {
  private latest: readonly StoredTopic[] = [];
  private readonly file: AtomicFile;

  constructor(dataDir: string) {
    this.file = new AtomicFile(join(dataDir, TOPICS_FILE), () => render(this.latest));
  }

  /** The stored topics; none when the file does not exist yet. */
  load(): StoredTopic[] {
    let text: string;
    try {
      text = readFileSync(this.file.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const topics = parse(text, this.file.path);
    this.latest = topics;
    return topics;
  }

  /** Resolves once `topics` (or a newer list) is durable. */
  save(topics: readonly StoredTopic[]): Promise<void> {
    this.latest = topics;
    return this.file.write();
  }
}

function render(topics: readonly StoredTopic[]): string {
  return JSON.stringify({ version: FORMAT_VERSION, topics }, null, 2) + '\n';
}

function parse(text: string, path: string): StoredTopic[] {
  const unreadable = (why: string): KafkaProtocolError =>
    new KafkaProtocolError(ErrorCode.KAFKA_STORAGE_ERROR, `${path} is unreadable: ${why}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  const { version, topics } = (document ?? {}) as { version?: unknown; topics?: unknown };
  if (version !== FORMAT_VERSION || !Array.isArray(topics)) throw unreadable(`expected version ${FORMAT_VERSION} with a topics list`);
  return topics.map((entry: unknown) => {
    const topic = entry as Partial<StoredTopic>;
    const wellFormed = typeof topic.name === 'string'
      && typeof topic.topicId === 'string'
      && Number.isInteger(topic.partitions)
      && typeof topic.configs === 'object' && topic.configs !== null;
    if (!wellFormed) throw unreadable(`malformed topic entry ${JSON.stringify(entry)}`);
    return { name: topic.name!, topicId: topic.topicId!, partitions: topic.partitions!, configs: { ...topic.configs } };
  });
}
