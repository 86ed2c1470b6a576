/** Custom DAP requests the extension sends to the adapter (no imports: the extension bundles this file). */

/** Reboot the device; the session re-applies its breakpoints and runs the module again. */
export const RESET_REQUEST = 'nrfWasm.resetDevice';
