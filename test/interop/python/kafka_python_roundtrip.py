"""Produces keyed and unkeyed records with headers through kafka-python, reads them back
with a group-less consumer, and prints what it read as JSON (bytes as hex) on stdout."""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

bootstrap, topic, codec = sys.argv[1], sys.argv[2], sys.argv[3]
count = int(sys.argv[4])

producer = KafkaProducer(
    bootstrap_servers=bootstrap,
    compression_type=None if codec == "none" else codec,
    linger_ms=5,
    acks="all",
)
sent = []
for i in range(count):
    key = None if i % 3 == 0 else ("k%d" % i).encode()
    value = bytes([(i * 7 + j) % 256 for j in range(i % 40)]) + b"\x00\xff"
    headers = [("h", ("v%d" % i).encode()), ("bin", b"\x01\x02")] if i % 2 == 0 else []
    producer.send(topic, key=key, value=value, headers=headers)
    sent.append({"key": key.hex() if key else None, "value": value.hex(), "headers": [[k, v.hex()] for k, v in headers]})
producer.flush(30)
producer.close()

consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=10000)
tp = TopicPartition(topic, 0)
consumer.assign([tp])
consumer.seek_to_beginning(tp)
received = []
for msg in consumer:
    received.append({
        "offset": msg.offset,
        "key": msg.key.hex() if msg.key is not None else None,
        "value": msg.value.hex(),
        "headers": [[k, v.hex()] for k, v in msg.headers],
    })
    if len(received) == count:
        break
consumer.close()
print(json.dumps({"sent": sent, "received": received}))
