/*
 * Debug link over Bluetooth LE: a GATT service modelled on Nordic's UART service (NUS) with
 * our UUIDs (include/nrf_wasm/ble_uuids.h). The host writes the protocol's COBS byte stream to
 * RX (write without response) and gets the device's stream as TX notifications of up to
 * ATT MTU - 3 bytes, filled across frame boundaries (agent/src/txpack.c).
 *
 * Security (docs/ble.md): LE Secure Connections only, the board displays a passkey (logged to
 * RTT) that the user types on the computer, and new bonds only inside the pairing window the
 * owner opens by holding button 2 during reset (agent/src/pairing.c decides). Every received
 * chunk is queued with the connection's security at that moment; the agent's portable policy
 * (agent/src/auth.c) serves deploy and debug only at level 4 with a bond. This file only asks
 * the stack and passes the answers on.
 */
#include <errno.h>
#include <zephyr/bluetooth/bluetooth.h>
#include <zephyr/bluetooth/conn.h>
#include <zephyr/bluetooth/gatt.h>
#include <zephyr/bluetooth/uuid.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/atomic.h>
#include <zephyr/settings/settings.h>
#include <string.h>

#include "glue.h"
#include "nrf_wasm/ble_uuids.h"
#include "nrf_wasm/pairing.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/txpack.h"

LOG_MODULE_DECLARE(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

/* The LED that shows the pairing window (the DK's LED4): modules can use it too, the pattern
 * only runs during the window. */
#define PAIRING_LED 3
#define PAIRING_TICK_MS 100

/* Set and cleared by the Bluetooth thread's callbacks, used by the agent's thread to send:
 * the lock lets the sender take its own reference before a disconnect drops ours. */
static struct bt_conn *current;
static struct k_spinlock conn_lock;
static bool notify_on;
/* The current peer has a bond (its keys are stored): set on the Bluetooth thread. */
static volatile bool peer_bonded;

static void tx_reset(void);

static struct nrfw_pairing pairing;
static struct k_spinlock pairing_lock;

static struct bt_conn *current_ref(void)
{
	k_spinlock_key_t key = k_spin_lock(&conn_lock);
	struct bt_conn *c = current ? bt_conn_ref(current) : NULL;

	k_spin_unlock(&conn_lock, key);
	return c;
}

/* What the agent needs to judge bytes from `conn` that arrive now (nrf_wasm/link.h). */
static uint8_t link_sec(struct bt_conn *conn)
{
	uint8_t level = (uint8_t)bt_conn_get_security(conn);

	return (uint8_t)((level & NRFW_SEC_LEVEL_MASK) | (peer_bonded ? NRFW_SEC_BONDED : 0));
}

static ssize_t on_rx(struct bt_conn *conn, const struct bt_gatt_attr *attr, const void *buf,
		     uint16_t len, uint16_t offset, uint8_t flags)
{
	if (offset) {
		return BT_GATT_ERR(BT_ATT_ERR_INVALID_OFFSET); /* a byte stream: no long writes */
	}
	if (conn != current) {
		return BT_GATT_ERR(BT_ATT_ERR_UNLIKELY); /* one central at a time */
	}
	glue_rx(NRFW_LINK_BLE, buf, len, link_sec(conn));
	return len;
}

static void on_ccc(const struct bt_gatt_attr *attr, uint16_t value)
{
	notify_on = value == BT_GATT_CCC_NOTIFY;
}

/* Writes and the CCC need no security at the GATT level on purpose: `hello` and `ping` must
 * reach an unpaired host so that it learns (notAuthorized) that it has to pair. */
BT_GATT_SERVICE_DEFINE(nrf_wasm_svc,
	BT_GATT_PRIMARY_SERVICE(NRF_WASM_BT_UUID_SERVICE),
	BT_GATT_CHARACTERISTIC(NRF_WASM_BT_UUID_TX, BT_GATT_CHRC_NOTIFY, BT_GATT_PERM_NONE, NULL,
			       NULL, NULL),
	BT_GATT_CCC(on_ccc, BT_GATT_PERM_READ | BT_GATT_PERM_WRITE),
	BT_GATT_CHARACTERISTIC(NRF_WASM_BT_UUID_RX, BT_GATT_CHRC_WRITE_WITHOUT_RESP,
			       BT_GATT_PERM_WRITE, NULL, on_rx, NULL),
);

static const struct bt_data ad[] = {
	BT_DATA_BYTES(BT_DATA_FLAGS, (BT_LE_AD_GENERAL | BT_LE_AD_NO_BREDR)),
	BT_DATA(BT_DATA_NAME_COMPLETE, CONFIG_NRF_WASM_BLE_NAME,
		sizeof(CONFIG_NRF_WASM_BLE_NAME) - 1),
};

static const struct bt_data sd[] = {
	BT_DATA_BYTES(BT_DATA_UUID128_ALL, NRF_WASM_BLE_UUID_SERVICE_VAL),
};

static struct bt_gatt_exchange_params mtu_params;

static void mtu_done(struct bt_conn *conn, uint8_t err, struct bt_gatt_exchange_params *params)
{
	LOG_INF("ATT MTU %u", bt_gatt_get_mtu(conn));
}

static void advertise(struct k_work *work)
{
	int rc = bt_le_adv_start(BT_LE_ADV_CONN_FAST_1, ad, ARRAY_SIZE(ad), sd, ARRAY_SIZE(sd));

	if (rc && rc != -EALREADY) {
		LOG_ERR("advertising: %d", rc);
	}
}

static K_WORK_DEFINE(adv_work, advertise);

/* ---- bonds --------------------------------------------------------------------------------- */

struct bond_walk {
	const bt_addr_le_t *match; /* find this one; NULL: copy them all */
	uint8_t (*out)[NRFW_BOND_ADDR_LEN];
	int max;
	int count;
};

static void bond_visit(const struct bt_bond_info *info, void *user_data)
{
	struct bond_walk *w = user_data;

	if (w->match) {
		w->count += bt_addr_le_eq(&info->addr, w->match);
		return;
	}
	if (w->count < w->max) {
		/* Wire form (protocol.md bondListOk): type, then the address LSB first, as
		 * Zephyr keeps it. */
		w->out[w->count][0] = info->addr.type;
		memcpy(&w->out[w->count][1], info->addr.a.val, 6);
	}
	w->count++;
}

static bool is_bonded(const bt_addr_le_t *peer)
{
	struct bond_walk w = { .match = peer };

	bt_foreach_bond(BT_ID_DEFAULT, bond_visit, &w);
	return w.count > 0;
}

int nrfw_plat_bonds(uint8_t (*out)[NRFW_BOND_ADDR_LEN], int max)
{
	struct bond_walk w = { .out = out, .max = max };

	bt_foreach_bond(BT_ID_DEFAULT, bond_visit, &w);
	return w.count;
}

int nrfw_plat_bond_erase(const uint8_t *addr)
{
	bt_addr_le_t peer;
	int n, rc;

	if (!addr) {
		n = nrfw_plat_bonds(NULL, 0);
		rc = bt_unpair(BT_ID_DEFAULT, NULL); /* every bond; connected peers are dropped */
		return rc ? rc : n;
	}
	peer.type = addr[0];
	memcpy(peer.a.val, addr + 1, 6);
	if (!is_bonded(&peer)) {
		return 0;
	}
	rc = bt_unpair(BT_ID_DEFAULT, &peer);
	return rc ? rc : 1;
}

/* ---- connections --------------------------------------------------------------------------- */

static void on_connected(struct bt_conn *conn, uint8_t err)
{
	const struct bt_conn_le_phy_param phy = {
		.options = BT_CONN_LE_PHY_OPT_NONE,
		.pref_tx_phy = BT_GAP_LE_PHY_2M,
		.pref_rx_phy = BT_GAP_LE_PHY_2M,
	};
	const struct bt_conn_le_data_len_param dl = {
		.tx_max_len = BT_GAP_DATA_LEN_MAX,
		.tx_max_time = BT_GAP_DATA_TIME_MAX,
	};
	k_spinlock_key_t key;
	int rc;

	if (err) {
		return;
	}
	key = k_spin_lock(&conn_lock);
	current = bt_conn_ref(conn);
	notify_on = false;
	k_spin_unlock(&conn_lock, key);
	peer_bonded = is_bonded(bt_conn_get_dst(conn));
	tx_reset(); /* a tail the previous peer left is not this one's */
	/* A new peer: the BLE link's session starts over; the UART's is not touched. */
	glue_link_up(NRFW_LINK_BLE);
	/* Ask for level 4 at once: a bonded computer encrypts with its keys, an unbonded one is
	 * offered pairing (accepted only inside the pairing window). */
	rc = bt_conn_set_security(conn, BT_SECURITY_L4);
	if (rc) {
		LOG_WRN("security request: %d", rc);
	}
	/* Throughput for uploads: 2M PHY, 251-byte PDUs, the largest MTU both sides take. */
	bt_conn_le_phy_update(conn, &phy);
	bt_conn_le_data_len_update(conn, &dl);
	mtu_params.func = mtu_done;
	bt_gatt_exchange_mtu(conn, &mtu_params);
}

static void on_disconnected(struct bt_conn *conn, uint8_t reason)
{
	k_spinlock_key_t key = k_spin_lock(&conn_lock);
	struct bt_conn *gone = current == conn ? current : NULL;

	if (gone) {
		current = NULL;
		notify_on = false;
		peer_bonded = false;
	}
	k_spin_unlock(&conn_lock, key);
	if (gone) {
		/* Bytes it left queued are dropped, its session ends; events go to the UART. */
		glue_link_up(NRFW_LINK_BLE);
		bt_conn_unref(gone);
	}
	k_work_submit(&adv_work);
}

static void on_security(struct bt_conn *conn, bt_security_t level, enum bt_security_err err)
{
	if (conn == current) {
		peer_bonded = is_bonded(bt_conn_get_dst(conn));
	}
	if (err) {
		LOG_WRN("security failed: level %d, err %d", level, err);
	} else {
		LOG_INF("security level %d%s", level, peer_bonded ? ", bonded" : "");
	}
}

static void on_recycled(void)
{
	k_work_submit(&adv_work);
}

BT_CONN_CB_DEFINE(conn_cbs) = {
	.connected = on_connected,
	.disconnected = on_disconnected,
	.security_changed = on_security,
	.recycled = on_recycled,
};

/* ---- pairing ------------------------------------------------------------------------------- */

static bool window_accepts(void)
{
	k_spinlock_key_t key = k_spin_lock(&pairing_lock);
	bool ok = nrfw_pairing_accept(&pairing, k_uptime_get_32());

	k_spin_unlock(&pairing_lock, key);
	return ok;
}

static enum bt_security_err pairing_accept(struct bt_conn *conn,
					   const struct bt_conn_pairing_feat *const feat)
{
	if (!window_accepts()) {
		LOG_WRN("pairing refused: the pairing window is closed (hold button 2 during reset "
			"to open it)");
		return BT_SECURITY_ERR_PAIR_NOT_ALLOWED;
	}
	return BT_SECURITY_ERR_SUCCESS;
}

static void passkey_display(struct bt_conn *conn, unsigned int passkey)
{
	/* docs/ble.md: the user reads this on the RTT log and types it on the computer. */
	LOG_INF("Bluetooth pairing passkey: %06u (type it into the computer's pairing dialog)",
		passkey);
}

static void auth_cancel(struct bt_conn *conn)
{
	LOG_INF("pairing cancelled");
}

/* Display only: with LE Secure Connections the computer types the board's passkey (passkey
 * entry, authenticated, level 4). Just Works is never offered (CONFIG_BT_SMP_SC_ONLY). */
static struct bt_conn_auth_cb auth_cb = {
	.pairing_accept = pairing_accept,
	.passkey_display = passkey_display,
	.cancel = auth_cancel,
};

static void pairing_complete(struct bt_conn *conn, bool bonded)
{
	k_spinlock_key_t key = k_spin_lock(&pairing_lock);

	nrfw_pairing_done(&pairing, bonded);
	k_spin_unlock(&pairing_lock, key);
	if (conn == current) {
		peer_bonded = bonded;
	}
	LOG_INF("paired%s; the pairing window is %s", bonded ? " and bonded" : "",
		bonded ? "closed" : "still open");
}

static void pairing_failed(struct bt_conn *conn, enum bt_security_err reason)
{
	LOG_WRN("pairing failed: %d", reason);
}

static void bond_deleted(uint8_t id, const bt_addr_le_t *peer)
{
	char addr[BT_ADDR_LE_STR_LEN];

	bt_addr_le_to_str(peer, addr, sizeof(addr));
	LOG_INF("bond deleted: %s", addr);
}

static struct bt_conn_auth_info_cb auth_info_cb = {
	.pairing_complete = pairing_complete,
	.pairing_failed = pairing_failed,
	.bond_deleted = bond_deleted,
};

/* The window's clock: closes it on time, blinks its LED, erases the bonds when the button
 * stays held; stops once the window is closed and the button released. */
static void pairing_tick(struct k_work *work);
static K_WORK_DELAYABLE_DEFINE(pairing_work, pairing_tick);

static void pairing_tick(struct k_work *work)
{
	uint32_t now = k_uptime_get_32();
	bool held = nrfw_plat_button_get(NRFW_PAIRING_BUTTON);
	k_spinlock_key_t key = k_spin_lock(&pairing_lock);
	bool erase = nrfw_pairing_tick(&pairing, held, now);
	bool led = nrfw_pairing_led(&pairing, now);
	bool again = pairing.open || pairing.holding;

	k_spin_unlock(&pairing_lock, key);
	if (erase) {
		int rc = bt_unpair(BT_ID_DEFAULT, NULL);

		LOG_WRN("button 2 held: every Bluetooth bond erased (%d)", rc);
	}
	nrfw_plat_led_set(PAIRING_LED, led);
	if (again) {
		k_work_reschedule(&pairing_work, K_MSEC(PAIRING_TICK_MS));
	} else {
		LOG_INF("Bluetooth pairing window closed");
	}
}

void ble_pairing_boot(bool held)
{
	nrfw_pairing_boot(&pairing, held, k_uptime_get_32());
	if (held) {
		LOG_INF("Bluetooth pairing window open for %u s (button 2 held at reset); keep "
			"holding %u s to erase every bond",
			NRFW_PAIRING_WINDOW_MS / 1000, NRFW_PAIRING_ERASE_MS / 1000);
		k_work_reschedule(&pairing_work, K_NO_WAIT);
	}
}

int ble_transport_init(void)
{
	int rc = bt_conn_auth_cb_register(&auth_cb);

	if (rc) {
		LOG_ERR("auth callbacks: %d", rc);
		return rc;
	}
	rc = bt_conn_auth_info_cb_register(&auth_info_cb);
	if (rc) {
		LOG_ERR("auth info callbacks: %d", rc);
		return rc;
	}
	rc = bt_enable(NULL);
	if (rc) {
		LOG_ERR("bt_enable: %d", rc);
		return rc;
	}
	if (IS_ENABLED(CONFIG_SETTINGS)) {
		settings_load(); /* bonds */
	}
	k_work_submit(&adv_work);
	return 0;
}

/* ---- sending: notifications filled across frames (nrf_wasm/txpack.h) ------------------------ */

/* The agent's thread sends and flushes; the flush work only tries the lock (it must never wait
 * on a sender that waits for Bluetooth buffers), and a new connection only marks the held tail
 * stale (the Bluetooth thread must not block here either). */
static struct nrfw_txpack txpack;
static K_MUTEX_DEFINE(tx_lock);
static atomic_t tx_stale;

/* How long a short tail may wait for the next frame when nobody flushes it (safety net: the
 * agent flushes whenever it waits for input, nrfw_plat_rx_wait). */
#define TX_HOLD_MS 2

static int notify_packet(void *ctx, const uint8_t *data, size_t len)
{
	struct bt_conn *c = ctx;

	for (;;) {
		/* attrs[2]: the TX characteristic's value (attrs[1] is its declaration). */
		int rc = bt_gatt_notify(c, &nrf_wasm_svc.attrs[2], data, len);

		if (rc != -ENOMEM) {
			return rc;
		}
		k_sleep(K_MSEC(2)); /* out of buffers: let the stack drain */
	}
}

/* From the flush work: never sleeps (the work queue may be what frees the buffers). */
static int notify_once(void *ctx, const uint8_t *data, size_t len)
{
	return bt_gatt_notify(ctx, &nrf_wasm_svc.attrs[2], data, len);
}

static size_t packet_payload(struct bt_conn *c)
{
	/* One notification carries at most ATT MTU - 3 bytes. */
	uint16_t mtu = bt_gatt_get_mtu(c);

	return mtu > 3 ? mtu - 3 : 20;
}

static void tx_reset(void)
{
	atomic_set(&tx_stale, 1);
}

/* With tx_lock held: drops a tail the previous peer left. */
static void tx_fresh(void)
{
	if (atomic_cas(&tx_stale, 1, 0)) {
		nrfw_txpack_reset(&txpack);
	}
}

static void flush_tick(struct k_work *work);
static K_WORK_DELAYABLE_DEFINE(flush_work, flush_tick);

static void tx_flush(bool from_work)
{
	struct bt_conn *c;

	if (k_mutex_lock(&tx_lock, from_work ? K_NO_WAIT : K_FOREVER)) {
		return; /* the agent is sending: it flushes when it waits for input */
	}
	tx_fresh();
	c = current_ref();
	if (c && notify_on) {
		if (nrfw_txpack_flush(&txpack, from_work ? notify_once : notify_packet, c) ==
		    -ENOMEM) {
			k_work_reschedule(&flush_work, K_MSEC(TX_HOLD_MS)); /* kept: later */
		}
	} else {
		nrfw_txpack_reset(&txpack);
	}
	k_mutex_unlock(&tx_lock);
	if (c) {
		bt_conn_unref(c);
	}
}

void ble_transport_flush(void)
{
	tx_flush(false);
}

static void flush_tick(struct k_work *work)
{
	tx_flush(true);
}

int ble_transport_send(const uint8_t *data, size_t len)
{
	struct bt_conn *c = current_ref();
	int rc = c && notify_on ? 0 : -ENOTCONN;
	bool held = false;

	if (rc == 0) {
		k_mutex_lock(&tx_lock, K_FOREVER);
		tx_fresh();
		/* A short tail waits for the next frame while the agent has received bytes still to
		 * answer (upload chunks: their acks share packets); otherwise it goes now. */
		rc = nrfw_txpack_put(&txpack, packet_payload(c), data, len, nrfw_link_rx_any(),
				     notify_packet, c);
		held = txpack.tail_len > 0;
		k_mutex_unlock(&tx_lock);
	}
	if (held) {
		k_work_reschedule(&flush_work, K_MSEC(TX_HOLD_MS));
	}
	if (c) {
		bt_conn_unref(c);
	}
	return rc;
}
