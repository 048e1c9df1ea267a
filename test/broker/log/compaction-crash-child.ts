// Child process of compaction-crash-kill.test.ts: opens the log in argv[2] (settings as JSON in argv[3]),
// says "ready", then compacts it at argv[4] ms until it is killed.
import { compactLog } from '../../../broker/log/compaction-pass.ts';
import { logConfigWith } from '../../../broker/log/log-config.ts';
import { PartitionLog } from '../../../broker/log/partition-log.ts';

const [dir, configs, nowMs] = process.argv.slice(2);
const log = await PartitionLog.open({ dir, topic: 't', partition: 0, config: logConfigWith(JSON.parse(configs)), now: () => Number(nowMs) });
process.stdout.write('ready\n');
await compactLog(log, { nowMs: Number(nowMs) });
process.stdout.write('done\n');
await log.close();
