#!/usr/bin/python3
"""
One member of a Kafka consumer group, driven by bench/group-throughput.ts:

    /usr/bin/python3 bench/sluice/group-member.py '<json settings>'

confluent-kafka (librdkafka) subscribes to one topic and consumes. Everything it notices is
printed on stdout as one JSON object per line, with "t" = wall-clock milliseconds
(time.time(), shared by every process on the machine, so events of different members and the
broker's log can be put on one time line):

    ready      subscribed (JoinGroup follows from the first poll)
    assigned   the rebalance callback handed partitions to this member (librdkafka on_assign)
    revoked    ... took them away (on_revoke), with the last offset it had of each; lost: on_lost
    first      first record of a partition after an assignment (the member is consuming again)
    progress   at most every progress_ms (200) while records arrive: the count so far, the time
               of the last arrival, and the last offset of each partition
    drained    every assigned partition reached its end (enable.partition.eof), with counts
    error      a consumer error other than partition EOF
    final      on "stop" (a line on stdin): per-partition counts and offsets, then
    closed     after consumer.close(), i.e. after LeaveGroup

Per partition it keeps [first offset, last offset, records, gaps, repeats, wrong sizes]: a gap
is an offset more than one past the previous one, a repeat one at or below it (a record seen
twice). The orchestrator checks these across members. Commands on stdin: "stop" closes the
consumer cleanly (LeaveGroup) and exits.
"""
import json
import sys
import threading
import time

from confluent_kafka import Consumer, KafkaError


def now_ms():
    return time.time() * 1000.0


def emit(event, **fields):
    fields["ev"] = event
    fields.setdefault("t", now_ms())
    sys.stdout.write(json.dumps(fields, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main():
    settings = json.loads(sys.argv[1])
    topic = settings["topic"]
    size = settings.get("size")
    batch = int(settings.get("batch", 10000))
    config = {
        "bootstrap.servers": settings["bootstrap"],
        "group.id": settings["group"],
        "client.id": settings.get("name", "sluice-bench-member"),
        "auto.offset.reset": "earliest",
        "enable.partition.eof": True,
    }
    config.update(settings.get("properties", {}))

    stop = threading.Event()

    def read_commands():
        for line in sys.stdin:
            if line.strip() == "stop":
                break
        stop.set()  # "stop", or stdin closed because the orchestrator went away

    threading.Thread(target=read_commands, daemon=True).start()

    # partition -> [first, last, records, gaps, repeats, wrong sizes]
    stats = {}
    assigned = set()
    at_eof = set()
    waiting_first = set()
    totals = {"records": 0, "first_t": None, "last_t": None, "drained_reported": False}

    def on_assign(consumer, partitions):
        ps = sorted(p.partition for p in partitions)
        assigned.clear()
        assigned.update(ps)
        at_eof.clear()
        waiting_first.clear()
        waiting_first.update(ps)
        totals["drained_reported"] = False
        emit("assigned", partitions=ps)

    def on_revoke(consumer, partitions):
        ps = sorted(p.partition for p in partitions)
        emit("revoked", partitions=ps, offsets={str(p): stats[p][1] for p in ps if p in stats})
        assigned.clear()
        waiting_first.clear()

    def on_lost(consumer, partitions):
        emit("lost", partitions=sorted(p.partition for p in partitions))
        assigned.clear()
        waiting_first.clear()

    consumer = Consumer(config)
    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke, on_lost=on_lost)
    emit("ready")

    EOF = KafkaError._PARTITION_EOF
    progress = {"at": 0.0, "records": 0}

    progress_ms = float(settings.get("progress_ms", 200))

    def report_progress(force=False):
        t = now_ms()
        if totals["records"] != progress["records"] and (force or t - progress["at"] >= progress_ms):
            progress["at"] = t
            progress["records"] = totals["records"]
            offsets = {str(p): s[1] for p, s in stats.items()}
            emit("progress", records=totals["records"], last_t=totals["last_t"], offsets=offsets)

    while not stop.is_set():
        messages = consumer.consume(num_messages=batch, timeout=0.1)
        report_progress()
        if not messages:
            continue
        got = 0
        # Records of one partition come in runs, so the partition's tally and the set checks are
        # looked up when the partition changes, not per record.
        cur = None
        s = None
        for m in messages:
            err = m.error()
            if err is not None:
                if err.code() == EOF:
                    at_eof.add(m.partition())
                else:
                    emit("error", code=err.code(), reason=err.str())
                cur = None
                continue
            o = m.offset()
            p = m.partition()
            if p != cur:
                cur = p
                s = stats.get(p)
                if s is None:
                    s = stats[p] = [o, o - 1, 0, 0, 0, 0]
                if at_eof:
                    at_eof.discard(p)  # records after EOF: the partition is not at its end any more
                if p in waiting_first:
                    waiting_first.discard(p)
                    emit("first", partition=p, offset=o)
            last = s[1]
            if o == last + 1:
                s[1] = o
            elif o > last:
                s[3] += 1
                s[1] = o
            else:
                s[4] += 1
            s[2] += 1
            if size is not None and len(m.value()) != size:
                s[5] += 1
            got += 1
        if got:
            t = now_ms()
            if totals["first_t"] is None:
                totals["first_t"] = t
            totals["last_t"] = t
            totals["records"] += got
        if assigned and not totals["drained_reported"] and assigned <= at_eof:
            totals["drained_reported"] = True
            emit("drained", records=totals["records"], first_t=totals["first_t"], last_t=totals["last_t"])
            report_progress(force=True)

    report_progress(force=True)
    emit(
        "final",
        records=totals["records"],
        first_t=totals["first_t"],
        last_t=totals["last_t"],
        partitions={str(p): s for p, s in sorted(stats.items())},
    )
    consumer.close()
    emit("closed")


if __name__ == "__main__":
    main()
