/**
 * Kafka protocol error codes: the one registry the broker answers with.
 * Codes and names are the protocol's; `retriable` follows the protocol's classification,
 * which clients use to decide whether to retry.
 */
export interface KafkaError {
  readonly code: number;
  readonly name: string;
  readonly retriable: boolean;
  readonly message: string;
}

function def(code: number, name: string, retriable: boolean, message: string): KafkaError {
  return Object.freeze({ code, name, retriable, message });
}

export const ErrorCode = Object.freeze({
  UNKNOWN_SERVER_ERROR: def(-1, 'UNKNOWN_SERVER_ERROR', false, 'The server experienced an unexpected error when processing the request.'),
  NONE: def(0, 'NONE', false, ''),
  OFFSET_OUT_OF_RANGE: def(1, 'OFFSET_OUT_OF_RANGE', false, 'The requested offset is not within the range of offsets maintained by the server.'),
  CORRUPT_MESSAGE: def(2, 'CORRUPT_MESSAGE', true, 'The record batch failed its CRC check, is truncated, or is otherwise malformed.'),
  UNKNOWN_TOPIC_OR_PARTITION: def(3, 'UNKNOWN_TOPIC_OR_PARTITION', true, 'This server does not host this topic-partition.'),
  INVALID_FETCH_SIZE: def(4, 'INVALID_FETCH_SIZE', false, 'The requested fetch size is invalid.'),
  LEADER_NOT_AVAILABLE: def(5, 'LEADER_NOT_AVAILABLE', true, 'There is no leader for this topic-partition as we are in the middle of a leadership election.'),
  NOT_LEADER_OR_FOLLOWER: def(6, 'NOT_LEADER_OR_FOLLOWER', true, 'This server is not the leader for that topic-partition.'),
  REQUEST_TIMED_OUT: def(7, 'REQUEST_TIMED_OUT', true, 'The request timed out.'),
  MESSAGE_TOO_LARGE: def(10, 'MESSAGE_TOO_LARGE', false, 'The request included a message larger than the max message size the server will accept.'),
  OFFSET_METADATA_TOO_LARGE: def(12, 'OFFSET_METADATA_TOO_LARGE', false, 'The metadata field of the offset request was too large.'),
  NETWORK_EXCEPTION: def(13, 'NETWORK_EXCEPTION', true, 'The server disconnected before a response was received.'),
  COORDINATOR_LOAD_IN_PROGRESS: def(14, 'COORDINATOR_LOAD_IN_PROGRESS', true, 'The coordinator is loading and hence can not process requests.'),
  COORDINATOR_NOT_AVAILABLE: def(15, 'COORDINATOR_NOT_AVAILABLE', true, 'The coordinator is not available.'),
  NOT_COORDINATOR: def(16, 'NOT_COORDINATOR', true, 'This is not the correct coordinator.'),
  INVALID_TOPIC_EXCEPTION: def(17, 'INVALID_TOPIC_EXCEPTION', false, 'The request attempted to perform an operation on an invalid topic.'),
  RECORD_LIST_TOO_LARGE: def(18, 'RECORD_LIST_TOO_LARGE', false, 'The request included message batch larger than the configured segment size on the server.'),
  NOT_ENOUGH_REPLICAS: def(19, 'NOT_ENOUGH_REPLICAS', true, 'Messages are rejected since there are fewer in-sync replicas than required.'),
  INVALID_REQUIRED_ACKS: def(21, 'INVALID_REQUIRED_ACKS', false, 'Produce request specified an invalid value for required acks.'),
  ILLEGAL_GENERATION: def(22, 'ILLEGAL_GENERATION', false, 'Specified group generation id is not valid.'),
  INCONSISTENT_GROUP_PROTOCOL: def(23, 'INCONSISTENT_GROUP_PROTOCOL', false, "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."),
  INVALID_GROUP_ID: def(24, 'INVALID_GROUP_ID', false, 'The configured groupId is invalid.'),
  UNKNOWN_MEMBER_ID: def(25, 'UNKNOWN_MEMBER_ID', false, 'The coordinator is not aware of this member.'),
  INVALID_SESSION_TIMEOUT: def(26, 'INVALID_SESSION_TIMEOUT', false, 'The session timeout is not within the range allowed by the broker.'),
  REBALANCE_IN_PROGRESS: def(27, 'REBALANCE_IN_PROGRESS', false, 'The group is rebalancing, so a rejoin is needed.'),
  INVALID_COMMIT_OFFSET_SIZE: def(28, 'INVALID_COMMIT_OFFSET_SIZE', false, 'The committing offset data size is not valid.'),
  TOPIC_AUTHORIZATION_FAILED: def(29, 'TOPIC_AUTHORIZATION_FAILED', false, 'Topic authorization failed.'),
  CLUSTER_AUTHORIZATION_FAILED: def(31, 'CLUSTER_AUTHORIZATION_FAILED', false, 'Cluster authorization failed.'),
  INVALID_TIMESTAMP: def(32, 'INVALID_TIMESTAMP', false, 'The timestamp of the message is out of acceptable range.'),
  UNSUPPORTED_SASL_MECHANISM: def(33, 'UNSUPPORTED_SASL_MECHANISM', false, 'The broker does not support the requested SASL mechanism.'),
  ILLEGAL_SASL_STATE: def(34, 'ILLEGAL_SASL_STATE', false, 'Request is not valid given the current SASL state.'),
  UNSUPPORTED_VERSION: def(35, 'UNSUPPORTED_VERSION', false, 'The version of API is not supported.'),
  TOPIC_ALREADY_EXISTS: def(36, 'TOPIC_ALREADY_EXISTS', false, 'Topic with this name already exists.'),
  INVALID_PARTITIONS: def(37, 'INVALID_PARTITIONS', false, 'Number of partitions is below 1.'),
  INVALID_REPLICATION_FACTOR: def(38, 'INVALID_REPLICATION_FACTOR', false, 'Replication factor is below 1 or larger than the number of available brokers.'),
  INVALID_REPLICA_ASSIGNMENT: def(39, 'INVALID_REPLICA_ASSIGNMENT', false, 'Replica assignment is invalid.'),
  INVALID_CONFIG: def(40, 'INVALID_CONFIG', false, 'Configuration is invalid.'),
  NOT_CONTROLLER: def(41, 'NOT_CONTROLLER', true, 'This is not the correct controller for this cluster.'),
  INVALID_REQUEST: def(42, 'INVALID_REQUEST', false, 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker.'),
  UNSUPPORTED_FOR_MESSAGE_FORMAT: def(43, 'UNSUPPORTED_FOR_MESSAGE_FORMAT', false, 'The message format version on the broker does not support the request.'),
  POLICY_VIOLATION: def(44, 'POLICY_VIOLATION', false, 'Request parameters do not satisfy the configured policy.'),
  OUT_OF_ORDER_SEQUENCE_NUMBER: def(45, 'OUT_OF_ORDER_SEQUENCE_NUMBER', false, 'The broker received an out of order sequence number.'),
  DUPLICATE_SEQUENCE_NUMBER: def(46, 'DUPLICATE_SEQUENCE_NUMBER', false, 'The broker received a duplicate sequence number.'),
  INVALID_PRODUCER_EPOCH: def(47, 'INVALID_PRODUCER_EPOCH', false, "Producer attempted to produce with an old epoch."),
  INVALID_TXN_STATE: def(48, 'INVALID_TXN_STATE', false, 'The producer attempted a transactional operation in an invalid state.'),
  INVALID_PRODUCER_ID_MAPPING: def(49, 'INVALID_PRODUCER_ID_MAPPING', false, 'The producer attempted to use a producer id which is not currently assigned to its transactional id.'),
  INVALID_TRANSACTION_TIMEOUT: def(50, 'INVALID_TRANSACTION_TIMEOUT', false, 'The transaction timeout is larger than the maximum value allowed by the broker.'),
  CONCURRENT_TRANSACTIONS: def(51, 'CONCURRENT_TRANSACTIONS', true, 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.'),
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: def(53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', false, 'Transactional Id authorization failed.'),
  SECURITY_DISABLED: def(54, 'SECURITY_DISABLED', false, 'Security features are disabled.'),
  KAFKA_STORAGE_ERROR: def(56, 'KAFKA_STORAGE_ERROR', true, 'Disk error when trying to access log file on the disk.'),
  SASL_AUTHENTICATION_FAILED: def(58, 'SASL_AUTHENTICATION_FAILED', false, 'SASL Authentication failed.'),
  UNKNOWN_PRODUCER_ID: def(59, 'UNKNOWN_PRODUCER_ID', false, 'This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question.'),
  REASSIGNMENT_IN_PROGRESS: def(60, 'REASSIGNMENT_IN_PROGRESS', false, 'A partition reassignment is in progress.'),
  INVALID_FETCH_SESSION_EPOCH: def(71, 'INVALID_FETCH_SESSION_EPOCH', true, 'The fetch session epoch is invalid.'),
  FETCH_SESSION_ID_NOT_FOUND: def(70, 'FETCH_SESSION_ID_NOT_FOUND', true, 'The fetch session ID was not found.'),
  FENCED_LEADER_EPOCH: def(74, 'FENCED_LEADER_EPOCH', true, 'The leader epoch in the request is older than the epoch on the broker.'),
  UNKNOWN_LEADER_EPOCH: def(75, 'UNKNOWN_LEADER_EPOCH', true, 'The leader epoch in the request is newer than the epoch on the broker.'),
  UNSUPPORTED_COMPRESSION_TYPE: def(76, 'UNSUPPORTED_COMPRESSION_TYPE', false, 'The requesting client does not support the compression type of given partition.'),
  OFFSET_NOT_AVAILABLE: def(78, 'OFFSET_NOT_AVAILABLE', true, 'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing.'),
  MEMBER_ID_REQUIRED: def(79, 'MEMBER_ID_REQUIRED', false, 'The group member needs to have a valid member id before actually entering a consumer group.'),
  GROUP_MAX_SIZE_REACHED: def(81, 'GROUP_MAX_SIZE_REACHED', false, 'The consumer group has reached its max size.'),
  FENCED_INSTANCE_ID: def(82, 'FENCED_INSTANCE_ID', false, 'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.'),
  GROUP_ID_NOT_FOUND: def(69, 'GROUP_ID_NOT_FOUND', false, 'The group id does not exist.'),
  NON_EMPTY_GROUP: def(68, 'NON_EMPTY_GROUP', false, 'The group is not empty.'),
  GROUP_SUBSCRIBED_TO_TOPIC: def(86, 'GROUP_SUBSCRIBED_TO_TOPIC', false, 'The consumer group is actively subscribed to the topic.'),
  INVALID_RECORD: def(87, 'INVALID_RECORD', false, 'This record has failed the validation on broker and hence will be rejected.'),
  UNSTABLE_OFFSET_COMMIT: def(88, 'UNSTABLE_OFFSET_COMMIT', true, 'There are unstable offsets that need to be cleared.'),
  THROTTLING_QUOTA_EXCEEDED: def(89, 'THROTTLING_QUOTA_EXCEEDED', true, 'The throttling quota has been exceeded.'),
  UNKNOWN_TOPIC_ID: def(100, 'UNKNOWN_TOPIC_ID', true, 'This server does not host this topic ID.'),
  INCONSISTENT_TOPIC_ID: def(103, 'INCONSISTENT_TOPIC_ID', true, 'The log\'s topic ID did not match the topic ID in the request.'),
});

export type ErrorName = keyof typeof ErrorCode;

const byCode = new Map<number, KafkaError>(Object.values(ErrorCode).map((e) => [e.code, e]));

export function errorForCode(code: number): KafkaError {
  return byCode.get(code) ?? def(code, `UNKNOWN_${code}`, false, 'Unknown error code.');
}

/** Thrown inside the broker where a handler must answer with a protocol error code. */
export class KafkaProtocolError extends Error {
  readonly error: KafkaError;
  /** What went wrong in words for the client (sent as the response's error message). */
  readonly detail: string;
  constructor(error: KafkaError, detail?: string) {
    super(detail ? `${error.name}: ${detail}` : error.name);
    this.error = error;
    this.detail = detail ?? error.message;
  }
  get code(): number {
    return this.error.code;
  }
}
