import { doctorConfig, type CommandLine, type DoctorConfig, type Env } from '../config/index.js';
import { runDoctor } from '../doctor/run-doctor.js';
import type { ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';

/** doctor's check and run, loaded only when it runs. */

export function check(line: CommandLine, env: Env): Promise<DoctorConfig> {
  return doctorConfig(line, env);
}

export async function run(options: DoctorConfig, io: Io): Promise<ExitCode> {
  return (await runDoctor(options, io)).exitCode;
}
