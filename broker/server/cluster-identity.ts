/**
 * The cluster id and node id a data directory belongs to, created on first start and
 * kept in `<log.dirs>/meta.json`, so clients see the same cluster across restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClusterIdentity {
  readonly clusterId: string;
  readonly nodeId: number;
}

export function loadOrCreateIdentity(dataDir: string, nodeId: number): ClusterIdentity {
  const file = join(dataDir, 'meta.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as ClusterIdentity;
    if (stored.nodeId !== nodeId) {
      throw new Error(`data directory ${dataDir} belongs to node ${stored.nodeId}, not node ${nodeId} (node.id)`);
    }
    return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  // Kafka cluster ids are 16 random bytes in URL-safe base64 without padding.
  const identity: ClusterIdentity = { clusterId: randomBytes(16).toString('base64url'), nodeId };
  writeFileSync(`${file}.tmp`, JSON.stringify(identity));
  renameSync(`${file}.tmp`, file);
  return identity;
}
