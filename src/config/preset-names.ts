/**
 * The names --preset takes. Here, with the other flags' vocabularies, so config/ checks the flag without reaching up
 * into contacts/; each preset's columns and date format are in contacts/presets.ts.
 */
export const PRESET_NAMES = ['hubspot', 'salesforce', 'pipedrive', 'zoho', 'bitrix24'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
