import type { FlexErrorDetail } from './model.js';

/**
 * An error with a stable code, a readable message and whether the UI keeps working. Everything the
 * library rejects with, or reports through `flex-error`, is one of these.
 */
export class FlexError extends Error implements FlexErrorDetail {
  constructor(
    readonly code: string,
    message: string,
    readonly recoverable = true,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FlexError';
  }

  /** Turns anything thrown into a FlexError, keeping a code and message it already has. */
  static from(error: unknown, fallbackCode = 'unexpected'): FlexError {
    if (error instanceof FlexError) return error;
    if (error && typeof error === 'object') {
      const { code, message, recoverable } = error as Partial<FlexErrorDetail>;
      if (typeof message === 'string') {
        return new FlexError(
          typeof code === 'string' ? code : fallbackCode,
          message,
          typeof recoverable === 'boolean' ? recoverable : true,
          { cause: error },
        );
      }
    }
    return new FlexError(fallbackCode, String(error), true, { cause: error });
  }

  toDetail(): FlexErrorDetail {
    return { code: this.code, message: this.message, recoverable: this.recoverable };
  }
}
