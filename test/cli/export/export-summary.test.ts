import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { healthyAtFirst } from '../../support/preflight.js';
import { csv, tempDir } from '../../support/run-cli.js';
import { exportCsv, phone } from './helpers.js';

/** The end of an export, through main() against a real sandbox: rows by error code, and what another try can fix. */

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('export: the end of a run', () => {
  it('counts rows by error code and says to run again for look-ups that failed on a 5xx', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 1 });
    const input = csv(['phone_number'], [[phone(0)], ['not a phone'], [phone(1)]]);
    // Healthy for the run's pre-flight, failing for its rows.
    const front = await healthyAtFirst(sandbox.url);
    const { code, stderr } = await exportCsv({ ...sandbox, url: front.url }, await tempDir(), input, ['--retries', '0']).finally(() => front.close());
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toContain('  errors: 2 5000001, 1 PHONE_INVALID.');
    expect(lines.at(-1)).toBe('  To retry the 2 rows that failed for a reason another try can fix (2 5000001): run export again.');
  });
});
