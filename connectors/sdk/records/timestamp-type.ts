/** Kafka's record timestamp types, by the names Kafka prints. */
export const TimestampType = Object.freeze({
  NO_TIMESTAMP_TYPE: 'NoTimestampType',
  CREATE_TIME: 'CreateTime',
  LOG_APPEND_TIME: 'LogAppendTime',
} as const);

export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];
