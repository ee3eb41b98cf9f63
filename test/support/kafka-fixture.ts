import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const execFileAsync = promisify(execFile);

/** Image used where a Docker engine responds, in KRaft mode (no ZooKeeper). */
export const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.2';

/** How the integration tests reach a broker; `stop` undoes whatever `findOrStartKafka` started. */
export interface KafkaFixture {
  brokers: string[];
  source: 'KAFKA_BROKERS' | 'testcontainers' | 'local-launcher';
  stop: () => Promise<void>;
}

/**
 * Finds or starts the broker for the integration tests, in this order:
 * 1. `KAFKA_BROKERS` (comma-separated host:port) when set;
 * 2. a `confluentinc/cp-kafka` container through testcontainers where a Docker engine responds;
 * 3. the local launcher (`scripts/kafka.sh`, Apache's jars from Maven Central) where Java and Maven exist.
 * Returns undefined with a reason when none applies; the caller decides whether that is a skip or,
 * under `CI=true`, a failure.
 */
export async function findOrStartKafka(): Promise<KafkaFixture | { skipReason: string }> {
  const fromEnvironment = process.env.KAFKA_BROKERS;
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    const brokers = fromEnvironment.split(',').map((broker) => broker.trim());
    await waitForBroker(brokers, 30_000);
    return {
      brokers,
      source: 'KAFKA_BROKERS',
      stop: async () => {
        // The broker belongs to the environment that set KAFKA_BROKERS, so the tests do not stop it.
      },
    };
  }

  if (await isDockerAvailable()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
    const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    await waitForBroker(brokers, 60_000);
    return { brokers, source: 'testcontainers', stop: async () => void (await container.stop()) };
  }

  if (hasCommand('java') && hasCommand('mvn')) {
    const launcher = path.resolve(__dirname, '../../scripts/kafka.sh');
    const port = process.env.KAFKA_PORT ?? '9092';
    execFileSync('bash', [launcher, 'start'], {
      stdio: 'inherit',
      env: { ...process.env, KAFKA_PORT: port },
    });
    const brokers = [`127.0.0.1:${port}`];
    await waitForBroker(brokers, 30_000);
    return {
      brokers,
      source: 'local-launcher',
      stop: async () => void (await execFileAsync('bash', [launcher, 'stop'])),
    };
  }

  return {
    skipReason:
      'no Kafka broker: set KAFKA_BROKERS, start a Docker engine, or install Java 17 and Maven for scripts/kafka.sh',
  };
}

/** Polls the brokers with an admin topic listing until one responds or `timeoutMs` passes. */
export async function waitForBroker(brokers: string[], timeoutMs: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'driftwatch-test-probe', brokers, logLevel: logLevel.NOTHING });
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;

  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(`Kafka broker ${brokers.join(',')} did not answer within ${timeoutMs} ms`, {
    cause: lastError,
  });
}

async function isDockerAvailable(): Promise<boolean> {
  if (!hasCommand('docker')) {
    return false;
  }
  try {
    await execFileAsync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 });
    return true;
  } catch {
    // The docker client exists but no engine answers (as on machines without Docker).
    return false;
  }
}

/** True when `name` is a command on PATH. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    // `command -v` exits non-zero when the command is absent.
    return false;
  }
}
