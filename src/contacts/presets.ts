/**
 * CRM presets (--preset): each a header mapping and the date format its exports use. Data, not code.
 * (Issue 14: filled in with each CRM's documented export columns.)
 */

export const PRESET_NAMES = ['hubspot', 'salesforce', 'pipedrive', 'zoho', 'bitrix24'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** What a preset brings to a run: field -> header overrides (only headers the file has), a date format, and a line saying so. */
export interface AppliedPreset {
  name: PresetName;
  overrides: Readonly<Record<string, string>>;
  dateFormat: string | undefined;
  notice: string;
}

/** The preset asked for, else the one the header set shows unmistakably, else none. */
export function choosePreset(_asked: PresetName | undefined, _header: readonly string[]): AppliedPreset | undefined {
  return undefined;
}
