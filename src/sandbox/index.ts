export { startSandbox, type Sandbox } from './sandbox.js';
export {
  DEFAULT_SANDBOX_HOST,
  DEFAULT_SANDBOX_TOKEN,
  RATE_LIMIT_HEADER_STYLES,
  RETRY_AFTER_STYLES,
  type DateStyle,
  type RateLimitHeaderStyle,
  type RetryAfterStyle,
  type SandboxOptions,
} from './options.js';
export { LIMITER_KINDS, parseRateSchedule, type LimiterKind, type RateSchedule, type RateStep } from './limiters/index.js';
export type { Assignment, ContactRecord, SandboxStoreView } from './contact.js';
export type { SandboxStats } from './stats.js';
export { SandboxError, type SandboxErrorCode } from './errors.js';
export { KNOWN_GROUPS, KNOWN_USERS } from './directory.js';
export { describeFaults, formatStartText, type StartTextInput } from './start-text.js';
