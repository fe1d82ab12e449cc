export { checkApi, resolveApiConfig, type ApiConfig } from './api-options.js';
export { checkBaseUrl } from './base-url.js';
export { loadMappingFile, parseMapFlags, readMapFlags } from './column-map.js';
export type { CommandLine, Env, FlagValue } from './command-line.js';
export {
  IMPORT_MODES,
  PHONE_FORMATS,
  exportConfig,
  importConfig,
  templateConfig,
  validateConfig,
  type ExportConfig,
  type ImportConfig,
  type ImportMode,
  type ImportSteps,
  type PhoneFormat,
  type TemplateConfig,
  type ValidateConfig,
} from './command-options.js';
export { parseDefaultCountry } from './country.js';
export { SUPPORTED_ENCODINGS, parseDelimiterOption, resolveEncoding } from './csv-format.js';
export { DEFAULTS } from './defaults.js';
export { doctorConfig, type DoctorConfig } from './doctor-options.js';
export { API_FLAGS, DOCTOR_FLAGS, EXPORT_FLAGS, GLOBAL_FLAGS, IMPORT_FLAGS, INPUT_FLAGS, SANDBOX_FLAGS, TEMPLATE_FLAGS, VALIDATE_FLAGS, VERIFY_FLAGS, type FlagSpec, type FlagTable } from './flags.js';
export { DEDUPE_CHOICES, checkInput, defaultResultsPath, type Dedupe, type InputConfig, type ResultsFrom } from './input-options.js';
export { settle, usageError, type Checked } from './problems.js';
export { checkStateOptions, type StateConfig, type StateOptions } from './state-options.js';
export { VERIFY_RESULTS_SUFFIX, verifyConfig, type VerifyConfig } from './verify-options.js';
export { formatMs, parseRateSchedule, scheduleProblem, type RateSchedule, type RateStep } from './rate-schedule.js';
export { sandboxConfig, type SandboxConfig, type SandboxServerConfig } from './sandbox-options.js';
export {
  LIMITER_KINDS,
  RATE_LIMIT_HEADER_STYLES,
  RETRY_AFTER_STYLES,
  type DateStyle,
  type LimiterKind,
  type RateLimitHeaderStyle,
  type RetryAfterStyle,
} from './sandbox-vocabulary.js';
export { readToken, tokenShapeProblem } from './token.js';
