/**
 * The nrf-wasm GATT service (docs/protocol.md section 1.3), modelled on Nordic's UART service but
 * on our own 128-bit base `4e57xxxx-6e72-6677-6173-6d2d64626700` ("NW" + "nrfwasm-dbg\0").
 * The firmware declares the same values in firmware/include/nrf_wasm/ble_uuids.h; a test checks
 * that both agree when that header exists.
 *
 * noble wants UUIDs lowercase and without dashes (a dashed UUID fails with
 * "Could not find all requested services"), so both spellings are kept.
 */
export const BLE_UUIDS = {
  /** Primary service, advertised. */
  service: '4e570001-6e72-6677-6173-6d2d64626700',
  /** RX: the host writes (without response) the COBS byte stream to the device. */
  rx: '4e570002-6e72-6677-6173-6d2d64626700',
  /** TX: the device notifies the COBS byte stream to the host. */
  tx: '4e570003-6e72-6677-6173-6d2d64626700',
} as const;

/** noble's spelling: lowercase hex, no dashes. */
export function nobleUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

export const NOBLE_UUIDS = {
  service: nobleUuid(BLE_UUIDS.service),
  rx: nobleUuid(BLE_UUIDS.rx),
  tx: nobleUuid(BLE_UUIDS.tx),
} as const;

/** The ATT MTU every link starts with, before the MTU exchange. */
export const DEFAULT_ATT_MTU = 23;
/** ATT header of a write / notification: opcode + handle. */
export const ATT_WRITE_OVERHEAD = 3;
