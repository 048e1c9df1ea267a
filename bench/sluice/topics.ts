/** Topic set-up and end-offset checks against the broker, through @platformatic/kafka. */
import { Admin, Consumer } from '@platformatic/kafka';

export async function createTopic(bootstrap: string, topic: string, partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'sluice-bench-admin', bootstrapBrokers: [bootstrap], retries: 3 });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

/** The high watermark (end offset) of each of the topic's partitions, by partition index. */
export async function endOffsets(bootstrap: string, topic: string): Promise<number[]> {
  const consumer = new Consumer({ clientId: 'sluice-bench-offsets', groupId: `sluice-bench-offsets-${Date.now()}`, bootstrapBrokers: [bootstrap], retries: 3 });
  try {
    const offsets = await consumer.listOffsets({ topics: [topic] });
    return (offsets.get(topic) ?? []).map(Number);
  } finally {
    await consumer.close(true);
  }
}

/** Sum over the topic's partitions of the high watermark (= records stored, for a fresh topic). */
export async function storedRecords(bootstrap: string, topic: string): Promise<number> {
  return (await endOffsets(bootstrap, topic)).reduce((sum, offset) => sum + offset, 0);
}
