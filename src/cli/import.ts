import { IMPORT_FLAGS } from '../config/flags.js';
import { API_ROWS } from './api-help.js';
import { defineCommand } from './command.js';
import { INPUT_ROWS } from './input-help.js';

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Validate a contact CSV, then send every valid row to SalesChat.',
  usage: 'saleschat-bulk import <input> [flags]',
  about: `Validates <input> as \`validate\` does, then pushes every valid row: the contact step (create; update on 409
    UQ_CONSTRAINT_FAILED in upsert mode), then the disposition step when \`stage\` is given, then the assign step when \`user_id\` or
    \`group_id\` is given. Writes one results row per input row, in input order, as rows finish.

    A contact SalesChat confirmed before, unchanged in the file since, is not sent again (action "unchanged"); a
    changed one sends only the steps that changed, straight to its id. See "Sync state" below.

    Exit status: 0 every row ok, 1 some rows not ok, 2 usage or input error (nothing sent), 3 aborted (401, 403,
    --max-errors), 4 the input was not read to its end, 130 interrupted.`,
  sections: [
    {
      title: 'Import',
      rows: [
        ['--mode upsert|create|update', 'upsert (default): create, or update the contact that has this crm_id; create: create only (an existing contact is left as is: action "exists"); update: update by contact_id, or find by phone number and crm_id'],
        ['--phone-format object|e164', 'phone_number as the published PhoneNumber object (default) or as "+14155552671"'],
        ['--dry-run', 'validate and write the planned steps of each row (results column `plan`); send nothing'],
        ['--online', 'with --dry-run: look each valid row up by phone (read only, through the same throttle; token and org needed) and plan create / update (naming the fields) / unchanged / conflict (the import would not apply it: its crm_id is held at another number, --mode update finds nothing, --mode create finds it exists and differs)'],
        ['--resume', 'continue an earlier run into the same --results file: a row it confirmed ok with the same content is not sent again; every other row is'],
      ],
    },
    {
      title: 'Sync state',
      rows: [
        ['--state-dir DIR', 'where the sync state is kept: one SQLite file per base URL and org (default: SALESCHAT_STATE_DIR, else $XDG_STATE_HOME/saleschat-bulk, else ~/.local/state/saleschat-bulk)'],
        ['--full', 'send every row as if nothing were known (the state is still updated): after contacts were changed inside SalesChat'],
        ['--no-state', 'neither read nor write the sync state: every row is sent'],
      ],
    },
    { title: 'API', rows: API_ROWS },
    { title: 'Input and output', rows: INPUT_ROWS },
  ],
  examples: [
    { about: 'try it against a local sandbox first: nothing reaches SalesChat', line: 'saleschat-bulk import contacts.csv --sandbox' },
    { about: "validate and plan each row's steps; send nothing", line: 'saleschat-bulk import contacts.csv --dry-run' },
    { about: 'see what the import would create, update or leave alone: look-ups only, nothing is changed', line: 'saleschat-bulk import contacts.csv --org acme --dry-run --online' },
    { about: 'for real (token in SALESCHAT_TOKEN): create only, 20 requests a second', line: 'saleschat-bulk import contacts.csv --org acme --mode create --rate 20' },
    { about: 'continue a run that was interrupted or aborted', line: 'saleschat-bulk import contacts.csv --org acme --resume' },
    { about: 'send every row, whatever the sync state says', line: 'saleschat-bulk import contacts.csv --org acme --full' },
  ],
  flags: IMPORT_FLAGS,
  load: () => import('./import-run.js'),
});
