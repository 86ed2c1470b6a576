/*
 * Debug link over Bluetooth LE: a GATT service modelled on Nordic's UART service (NUS) with
 * our UUIDs (include/nrf_wasm/ble_uuids.h). The host writes the protocol's COBS byte stream to
 * RX (write without response) and gets the device's stream as TX notifications, cut into
 * (ATT MTU - 3)-byte pieces. On connection the device asks for the 2M PHY, the longest data
 * length and a larger MTU. Whether deploy and debug requests are served depends on the link's
 * security (the agent's portable policy, agent/src/auth.c): encrypted and bonded.
 */
#include <errno.h>
#include <zephyr/bluetooth/bluetooth.h>
#include <zephyr/bluetooth/conn.h>
#include <zephyr/bluetooth/gatt.h>
#include <zephyr/bluetooth/uuid.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/settings/settings.h>

#include "glue.h"
#include "nrf_wasm/ble_uuids.h"

LOG_MODULE_DECLARE(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

/* Set and cleared by the Bluetooth thread's callbacks, used by the agent's thread to send:
 * the lock lets the sender take its own reference before a disconnect drops ours. */
static struct bt_conn *current;
static struct k_spinlock conn_lock;
static bool notify_on;

static struct bt_conn *current_ref(void)
{
	k_spinlock_key_t key = k_spin_lock(&conn_lock);
	struct bt_conn *c = current ? bt_conn_ref(current) : NULL;

	k_spin_unlock(&conn_lock, key);
	return c;
}

static ssize_t on_rx(struct bt_conn *conn, const struct bt_gatt_attr *attr, const void *buf,
		     uint16_t len, uint16_t offset, uint8_t flags)
{
	if (offset) {
		return BT_GATT_ERR(BT_ATT_ERR_INVALID_OFFSET); /* a byte stream: no long writes */
	}
	glue_rx_put(GLUE_LINK_BLE, buf, len);
	return len;
}

static void on_ccc(const struct bt_gatt_attr *attr, uint16_t value)
{
	notify_on = value == BT_GATT_CCC_NOTIFY;
}

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

	if (err) {
		return;
	}
	key = k_spin_lock(&conn_lock);
	current = bt_conn_ref(conn);
	k_spin_unlock(&conn_lock, key);
	glue_link_up();
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
	}
	k_spin_unlock(&conn_lock, key);
	if (gone) {
		bt_conn_unref(gone);
	}
	k_work_submit(&adv_work);
}

static void on_security(struct bt_conn *conn, bt_security_t level, enum bt_security_err err)
{
	LOG_INF("security level %d (err %d)", level, err);
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

int ble_transport_init(void)
{
	int rc = bt_enable(NULL);

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

bool ble_transport_ready(void)
{
	return current && notify_on;
}

struct bond_match {
	const bt_addr_le_t *peer;
	bool found;
};

static void match_bond(const struct bt_bond_info *info, void *user_data)
{
	struct bond_match *m = user_data;

	m->found = m->found || bt_addr_le_eq(&info->addr, m->peer);
}

void ble_transport_security(bool *encrypted, bool *bonded)
{
	struct bt_conn *c = current_ref();
	struct bt_conn_info ci;
	struct bond_match m = { 0 };

	*encrypted = false;
	*bonded = false;
	if (!c) {
		return;
	}
	if (bt_conn_get_info(c, &ci) == 0) {
		*encrypted = bt_conn_get_security(c) >= BT_SECURITY_L2;
		m.peer = ci.le.dst;
		bt_foreach_bond(ci.id, match_bond, &m);
		*bonded = m.found;
	}
	bt_conn_unref(c);
}

int ble_transport_send(const uint8_t *data, size_t len)
{
	struct bt_conn *c = current_ref();
	int rc = c ? 0 : -ENOTCONN;

	while (c && len) {
		/* One notification carries at most ATT MTU - 3 bytes. */
		uint16_t mtu = bt_gatt_get_mtu(c);
		size_t n = MIN(len, (size_t)(mtu > 3 ? mtu - 3 : 20));

		/* attrs[2]: the TX characteristic's value (attrs[1] is its declaration). */
		rc = bt_gatt_notify(c, &nrf_wasm_svc.attrs[2], data, n);
		if (rc == -ENOMEM) {
			k_sleep(K_MSEC(2)); /* out of buffers: let the stack drain */
			continue;
		}
		if (rc) {
			break;
		}
		data += n;
		len -= n;
	}
	if (c) {
		bt_conn_unref(c);
	}
	return rc;
}
