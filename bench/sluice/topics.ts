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

/** Sum over the topic's partitions of the high watermark (= records stored, for a fresh topic). */
export async function storedRecords(bootstrap: string, topic: string): Promise<number> {
  const consumer = new Consumer({ clientId: 'sluice-bench-offsets', groupId: `sluice-bench-offsets-${Date.now()}`, bootstrapBrokers: [bootstrap], retries: 3 });
  try {
    const offsets = await consumer.listOffsets({ topics: [topic] });
    return (offsets.get(topic) ?? []).reduce((sum, offset) => sum + Number(offset), 0);
  } finally {
    await consumer.close(true);
  }
}
