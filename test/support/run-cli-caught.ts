import { CliError } from '../../src/errors.js';
import { runCli, type CliRun } from './run-cli.js';

/**
 * runCli, with a thrown CliError turned into its exit status and message the way src/cli.ts does
 * (`saleschat-bulk: <message>` on stderr), so a usage error can be tested in-process like any run.
 */
export async function runCliCaught(argv: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun & { error?: CliError }> {
  try {
    return await runCli(argv, options);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { code: error.exitCode, stdout: '', stderr: `saleschat-bulk: ${error.message}\n`, error };
  }
}
