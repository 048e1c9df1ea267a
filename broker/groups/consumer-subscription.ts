/**
 * The topics in a 'consumer' protocol member's metadata (ConsumerProtocolSubscription). Grammar, all
 * versions start alike and are not flexible:
 *   version int16 | topics [string] | userData nullable bytes | ...later versions' fields
 * The coordinator needs only the topics: offsets of subscribed topics may not be deleted and do not expire.
 */
import { Reader } from '../protocol/primitives/reader.ts';

/** null when the bytes are not a subscription we can read. */
export function consumerSubscribedTopics(metadata: Buffer): string[] | null {
  try {
    const r = new Reader(metadata);
    if (r.int16() < 0) return null;
    const count = r.arrayLength(false);
    if (count < 0) return null;
    const topics: string[] = [];
    for (let i = 0; i < count; i++) topics.push(r.string(false));
    return topics;
  } catch {
    return null;
  }
}
