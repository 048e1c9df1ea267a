/** Schema names that make a schema a logical type (Connect's names, so data interoperates). */
export const DECIMAL_LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal';
export const DATE_LOGICAL_NAME = 'org.apache.kafka.connect.data.Date';
export const TIME_LOGICAL_NAME = 'org.apache.kafka.connect.data.Time';
export const TIMESTAMP_LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp';
export const DECIMAL_SCALE_PARAMETER = 'scale';

export const MILLIS_PER_DAY = 86_400_000;
