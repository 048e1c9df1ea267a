/**
 * Which __consumer_offsets partition holds a group: abs(hash(groupId)) % partitions, with Java's
 * String.hashCode and Kafka's abs (sign bit cleared), so a topic written by Kafka maps the same way.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  // Java hashes UTF-16 code units, which is what charCodeAt returns.
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export function offsetsPartitionFor(groupId: string, partitions: number): number {
  return (javaStringHashCode(groupId) & 0x7fffffff) % partitions;
}
