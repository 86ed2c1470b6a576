/*
 * The nrf-wasm GATT service (docs/protocol.md 1.3), modelled on Nordic's UART service (NUS) on
 * our own 128-bit base 4e57xxxx-6e72-6677-6173-6d2d64626700 ("NW" + "nrfwasm-dbg\0").
 * src/transport/ble-uuids.ts declares the same values for the host.
 *
 *   service  advertised, primary
 *   RX       the host writes (without response) the COBS byte stream to the device
 *   TX       the device notifies the COBS byte stream to the host
 *
 * Plain C: usable without Zephyr headers (the *_STR and *_VAL forms); with Zephyr's
 * <zephyr/bluetooth/uuid.h>, NRF_WASM_BT_UUID_* are ready-made struct bt_uuid pointers.
 */
#ifndef NRF_WASM_BLE_UUIDS_H_
#define NRF_WASM_BLE_UUIDS_H_

#define NRF_WASM_BLE_UUID_SERVICE_STR "4e570001-6e72-6677-6173-6d2d64626700"
#define NRF_WASM_BLE_UUID_RX_STR      "4e570002-6e72-6677-6173-6d2d64626700"
#define NRF_WASM_BLE_UUID_TX_STR      "4e570003-6e72-6677-6173-6d2d64626700"

/* The same as arguments of Zephyr's BT_UUID_128_ENCODE(w32, w1, w2, w3, w48). */
#define NRF_WASM_BLE_UUID_SERVICE_ARGS 0x4e570001, 0x6e72, 0x6677, 0x6173, 0x6d2d64626700
#define NRF_WASM_BLE_UUID_RX_ARGS      0x4e570002, 0x6e72, 0x6677, 0x6173, 0x6d2d64626700
#define NRF_WASM_BLE_UUID_TX_ARGS      0x4e570003, 0x6e72, 0x6677, 0x6173, 0x6d2d64626700

#ifdef BT_UUID_128_ENCODE
/* BT_UUID_128_ENCODE takes five arguments: the *_ARGS lists must be expanded before it sees them
 * (a direct BT_UUID_128_ENCODE(NRF_WASM_BLE_UUID_SERVICE_ARGS) is one argument, an error). */
#define NRF_WASM_BLE_UUID_ENCODE(...) BT_UUID_128_ENCODE(__VA_ARGS__)
#define NRF_WASM_BLE_UUID_SERVICE_VAL NRF_WASM_BLE_UUID_ENCODE(NRF_WASM_BLE_UUID_SERVICE_ARGS)
#define NRF_WASM_BLE_UUID_RX_VAL      NRF_WASM_BLE_UUID_ENCODE(NRF_WASM_BLE_UUID_RX_ARGS)
#define NRF_WASM_BLE_UUID_TX_VAL      NRF_WASM_BLE_UUID_ENCODE(NRF_WASM_BLE_UUID_TX_ARGS)

#define NRF_WASM_BT_UUID_SERVICE BT_UUID_DECLARE_128(NRF_WASM_BLE_UUID_SERVICE_VAL)
#define NRF_WASM_BT_UUID_RX      BT_UUID_DECLARE_128(NRF_WASM_BLE_UUID_RX_VAL)
#define NRF_WASM_BT_UUID_TX      BT_UUID_DECLARE_128(NRF_WASM_BLE_UUID_TX_VAL)
#endif

#endif /* NRF_WASM_BLE_UUIDS_H_ */
