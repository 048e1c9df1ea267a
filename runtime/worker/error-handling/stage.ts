/** Where in a record's journey an operation failed: Connect's stage names, as dead letter headers show them. */
export type Stage =
  | 'TASK_POLL'
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME'
  | 'TASK_PUT';
