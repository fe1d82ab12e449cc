import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { ContactRecord } from './contact.js';
import { SandboxError } from './errors.js';

/** What --state FILE holds: the contacts and the id sequence, so ids stay unique across restarts. */
export interface StateSnapshot {
  version: 1;
  sequence: number;
  contacts: ContactRecord[];
}

const optional = <T extends z.ZodType>(schema: T) => schema.exactOptional();

const contactSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  crmId: z.string(),
  phone: z.string(),
  optInDate: z.number(),
  createDate: z.number(),
  firstName: optional(z.string()),
  lastName: optional(z.string()),
  governanceLevelId: optional(z.string()),
  isInbound: optional(z.boolean()),
  source: optional(z.string()),
  stage: optional(z.string()),
  disposition: optional(z.string()),
  additionalFields: optional(z.record(z.string(), z.unknown())),
  assignment: optional(
    z.object({ kind: z.enum(['user', 'group']), id: z.string(), onHandover: z.boolean(), at: z.number() }),
  ),
});

const stateSchema = z.object({
  version: z.literal(1),
  sequence: z.number().int().nonnegative(),
  contacts: z.array(contactSchema),
});

/** The saved state, or undefined when the file does not exist yet. */
export async function readStateFile(path: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SandboxError('STATE_FILE_UNREADABLE', `cannot read state file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return stateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new SandboxError('STATE_FILE_INVALID', `${path} is not a sandbox state file: ${(error as Error).message}`, { cause: error });
  }
}

/** A temporary name in the same directory, so the rename that publishes it is atomic. */
const tempPath = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Writes the whole state to a temporary file, then renames it over the old one: readers never see half a file. */
export async function writeStateFile(path: string, snapshot: StateSnapshot): Promise<void> {
  const temp = tempPath(path);
  try {
    await writeFile(temp, JSON.stringify(snapshot), 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The same, synchronously, for the process 'exit' event, where nothing asynchronous runs any more. */
export function writeStateFileSync(path: string, snapshot: StateSnapshot): void {
  const temp = tempPath(path);
  try {
    writeFileSync(temp, JSON.stringify(snapshot), 'utf8');
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
