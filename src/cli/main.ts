import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { isDriftwatchError } from '../errors';
import { registerCompareCommand } from './compare';
import { registerDemoCommand } from './demo';
import { registerNormalizeCommand } from './normalize';
import { registerProfileCommand } from './profile';
import { registerReplayCommand } from './replay';
import { registerRunCommand } from './run';

/**
 * Entry point of the `driftwatch` command. Returns the exit code: 0 on success, 2 for invalid
 * usage or input (the message names what to change), 1 for other failures.
 */
export async function main(argv: string[]): Promise<number> {
  silenceKafkajsTimerWarning();

  const program = new Command('driftwatch')
    .description('dataset shift detection and adaptive renormalization for Kafka feature streams')
    .version(packageVersion(), '-V, --version', 'print the driftwatch version')
    .exitOverride()
    .showHelpAfterError();

  registerRunCommand(program);
  registerCompareCommand(program);
  registerProfileCommand(program);
  registerNormalizeCommand(program);
  registerReplayCommand(program);
  registerDemoCommand(program);

  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isDriftwatchError(error)) {
      console.error(`driftwatch: ${error.message}`);
      return error.code === 'KAFKA_UNAVAILABLE' ? 1 : 2;
    }
    console.error('driftwatch: unexpected error:', error);
    return 1;
  }
}

function packageVersion(): string {
  // dist/cli/main.js and src/cli/main.ts are both two levels below package.json.
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * kafkajs 2.2 computes a negative delay in its request queue on Node.js 24, which prints one
 * TimeoutNegativeWarning (Node clamps the delay to 1 ms, so nothing changes). Other warnings are
 * printed as usual.
 */
function silenceKafkajsTimerWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') {
      console.warn(`${warning.name}: ${warning.message}`);
    }
  });
}
