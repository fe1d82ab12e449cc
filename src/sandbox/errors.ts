export type SandboxErrorCode = 'PORT_IN_USE' | 'STATE_FILE_INVALID' | 'STATE_FILE_UNREADABLE' | 'STATE_FILE_UNWRITABLE' | 'BAD_OPTION';

/** Why the sandbox could not start or stop cleanly; `code` is stable so callers can turn it into a usage error. */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode;
  constructor(code: SandboxErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SandboxError';
    this.code = code;
  }
}
