/**
 * One place that turns any failure into the sentence the user sees (no vscode import: tested in
 * node). Transport and device errors are already written for the user; a few need context that
 * only the extension has (which transport was used).
 */
import { DeviceError } from '../device/errors';
import { ErrorCode } from '../protocol';
import { bleNotAuthorizedMessage } from '../transport/ble';
import type { TransportKind } from '../transport/link';

export interface ErrorContext {
  transport?: TransportKind | 'simulator' | 'qemu';
  /** Device label or BLE address, when known. */
  label?: string;
  address?: string;
  platform?: NodeJS.Platform;
}

export function userMessage(e: unknown, ctx: ErrorContext = {}): string {
  if (e instanceof DeviceError && e.code === ErrorCode.notAuthorized) {
    return bleNotAuthorizedMessage(ctx.label, ctx.address, ctx.platform);
  }
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** True for failures the user caused on purpose (cancel): no error popup for those. */
export function isCancellation(e: unknown): boolean {
  return e instanceof Error && (e.name === 'UploadCancelled' || e.name === 'AbortError' || /was cancelled/.test(e.message));
}
