// Loads uWebSockets.js and tells whether its native binary loaded or the package fell back to `ws`.
import uws from 'uWebSockets.js';

/**
 * The npm repackaging silently swaps in a slow JavaScript server when the native binary does not
 * load. Only the native module exports the low-level helpers such as getParts.
 */
export const isNativeUws: boolean = typeof (uws as unknown as Record<string, unknown>).getParts === 'function';

export const HTTP_ENGINE = isNativeUws ? 'uWebSockets.js (native)' : 'uWebSockets.js JavaScript FALLBACK (slow)';

export { uws };
