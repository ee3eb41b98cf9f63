/**
 * Helpers for integration tests. `describeKafka` runs its block when global setup found a broker
 * and skips it (with the reason in the test name) otherwise.
 */
export const kafkaSkipReason = process.env.DRIFTWATCH_KAFKA_SKIP;

export const describeKafka: jest.Describe = kafkaSkipReason === undefined ? describe : describe.skip;

/** Returns the brokers that global setup found or started. */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers === undefined || brokers === '') {
    throw new Error(
      'KAFKA_BROKERS is not set: run integration tests through jest so global setup finds a broker',
    );
  }
  return brokers.split(',');
}

/** Returns a topic name unique to this test run, so tests never share state on the broker. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export { waitForBroker as waitForBrokerAt } from './kafka-fixture';
