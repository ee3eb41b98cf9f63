import { findOrStartKafka, type KafkaFixture } from './kafka-fixture';

declare global {
  var driftwatchKafka: KafkaFixture | undefined;
}

/**
 * Finds or starts one Kafka broker for the whole integration run and passes its address to the
 * test workers through `KAFKA_BROKERS`. Without a broker the integration tests are skipped with one
 * line saying why, except under `CI=true`, where a missing broker fails the run.
 */
export default async function globalSetup(): Promise<void> {
  const found = await findOrStartKafka();

  if ('skipReason' in found) {
    if (process.env.CI === 'true') {
      throw new Error(`integration tests need a Kafka broker under CI=true: ${found.skipReason}`);
    }
    process.env.DRIFTWATCH_KAFKA_SKIP = found.skipReason;
    console.log(`\nskipping Kafka integration tests: ${found.skipReason}`);
    return;
  }

  globalThis.driftwatchKafka = found;
  process.env.KAFKA_BROKERS = found.brokers.join(',');
  console.log(`\nKafka integration tests use ${found.brokers.join(',')} (${found.source})`);
}
