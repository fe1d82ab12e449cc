// The names this file held before config/ was split by concern, for the modules that still import them from here
// (src/validate/run-validate.ts among them); new code imports from './index.js'.
export { resolveApiConfig, type ApiConfig } from './api-options.js';
export { DEFAULTS } from './defaults.js';
export { defaultResultsPath, type InputConfig } from './input-options.js';
