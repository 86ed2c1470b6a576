/* RAM platform: see ram_platform.h. */
#include <stdlib.h>
#include <string.h>

#include "nrf_wasm/agent.h"
#include "nrf_wasm/link.h"
#include "ram_platform.h"

uint8_t ram_flash[RAM_FLASH_SIZE];
int ram_flash_ops_left = -1;
bool ram_power_cut;
int ram_flash_violations;
int ram_flash_ops;
uint32_t ram_write_unit = RAM_WRITE_UNIT;
uint8_t ram_bonds[RAM_BONDS_MAX][NRFW_BOND_ADDR_LEN];
int ram_bond_count;
bool ram_buttons[4];
bool ram_leds[4];
int ram_resets;
uint32_t ram_now_ms;
void (*ram_on_idle)(void);
int ram_tx_bad;


/* Transmitted frames are decoded as they come; each decoded message keeps its own frame copy
 * because the codec's messages point into the frame buffer. */
#define TX_MAX 4096
static struct {
	struct nwp_msg msg;
	uint8_t *frame;
	uint8_t link;
} txm[TX_MAX];
static int tx_n;
static struct nwp_reader txr[NRFW_LINK_COUNT];
static uint8_t txr_buf[NRFW_LINK_COUNT][65536];

void ram_platform_reset(void)
{
	for (int i = 0; i < tx_n; i++) {
		free(txm[i].frame);
	}
	tx_n = 0;
	ram_tx_bad = 0;
	ram_rx_dropped = 0;
	memset(ram_flash, 0xff, sizeof(ram_flash));
	ram_flash_ops_left = -1;
	ram_power_cut = false;
	ram_flash_violations = 0;
	ram_flash_ops = 0;
	ram_write_unit = RAM_WRITE_UNIT;
	ram_bond_count = 0;
	memset(ram_buttons, 0, sizeof(ram_buttons));
	memset(ram_leds, 0, sizeof(ram_leds));
	ram_resets = 0;
	ram_now_ms = 1000;
	ram_on_idle = NULL;
	for (int i = 0; i < NRFW_LINK_COUNT; i++) {
		nwp_reader_init(&txr[i], txr_buf[i], sizeof(txr_buf[i]), sizeof(txr_buf[i]));
	}
}

void ram_power_restore(void)
{
	ram_flash_ops_left = -1;
	ram_power_cut = false;
}

/* ---- transport ---------------------------------------------------------------------------- */

void nrfw_plat_tx(uint8_t link, const uint8_t *data, size_t len)
{
	if (link >= NRFW_LINK_COUNT) {
		ram_tx_bad++;
		return;
	}
	while (len) {
		size_t used;
		struct nwp_msg m;
		int rc = nwp_reader_feed(&txr[link], data, len, &used, &m);

		data += used;
		len -= used;
		if (rc == NWP_READ_MSG && tx_n < TX_MAX) {
			/* Re-decode from a private copy so that the message outlives the reader. */
			size_t flen = txr[link].len;
			uint8_t *copy = malloc(flen);

			memcpy(copy, txr[link].buf, flen);
			if (nwp_decode_frame(copy, flen, &txm[tx_n].msg) == 0) {
				txm[tx_n].link = link;
				txm[tx_n++].frame = copy;
			} else {
				free(copy);
				ram_tx_bad++;
			}
		} else if (rc < 0) {
			ram_tx_bad++;
		}
	}
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
	if (nrfw_link_rx_any()) {
		return true;
	}
	if (timeout_ms != UINT32_MAX) {
		/* The host may send something during a sleep; else virtual time just passes. */
		if (ram_on_idle) {
			ram_on_idle();
		}
		if (!nrfw_link_rx_any()) {
			ram_now_ms += timeout_ms;
		}
		return true;
	}
	if (ram_on_idle) {
		ram_on_idle();
	}
	return nrfw_link_rx_any();
}

void ram_rx_push_on(uint8_t link, const uint8_t *data, size_t len, uint8_t sec)
{
	size_t n = nrfw_link_rx(link, data, len, sec);

	if (n != len) {
		ram_rx_dropped += len - n;
	}
}

void ram_rx_push(const uint8_t *data, size_t len)
{
	ram_rx_push_on(NRFW_LINK_WIRED, data, len, 0);
}

void ram_rx_msg_on(uint8_t link, const struct nwp_msg *m, uint8_t sec)
{
	uint8_t wire[NWP_WIRE_SIZE(4096)];
	int n = nwp_encode(m, wire, sizeof(wire));

	if (n > 0) {
		ram_rx_push_on(link, wire, (size_t)n, sec);
	}
}

void ram_rx_msg(const struct nwp_msg *m)
{
	ram_rx_msg_on(NRFW_LINK_WIRED, m, 0);
}

size_t ram_rx_dropped;

int ram_tx_count(void)
{
	return tx_n;
}

const struct nwp_msg *ram_tx_get(int i)
{
	return i >= 0 && i < tx_n ? &txm[i].msg : NULL;
}

int ram_tx_link(int i)
{
	return i >= 0 && i < tx_n ? txm[i].link : -1;
}

const struct nwp_msg *ram_tx_find(int *from, uint8_t type)
{
	for (int i = *from; i < tx_n; i++) {
		if (txm[i].msg.type == type) {
			*from = i + 1;
			return &txm[i].msg;
		}
	}
	return NULL;
}

/* ---- bonds -------------------------------------------------------------------------------- */

int nrfw_plat_bonds(uint8_t (*out)[NRFW_BOND_ADDR_LEN], int max)
{
	for (int i = 0; i < ram_bond_count && i < max; i++) {
		memcpy(out[i], ram_bonds[i], NRFW_BOND_ADDR_LEN);
	}
	return ram_bond_count;
}

int nrfw_plat_bond_erase(const uint8_t *addr)
{
	int n = 0;

	for (int i = 0; i < ram_bond_count;) {
		if (!addr || memcmp(ram_bonds[i], addr, NRFW_BOND_ADDR_LEN) == 0) {
			memmove(ram_bonds[i], ram_bonds[i + 1],
				(size_t)(ram_bond_count - i - 1) * NRFW_BOND_ADDR_LEN);
			ram_bond_count--;
			n++;
		} else {
			i++;
		}
	}
	return n;
}

/* ---- flash -------------------------------------------------------------------------------- */

void nrfw_plat_flash_info(struct nrfw_flash_info *out)
{
	out->size = RAM_FLASH_SIZE;
	out->erase_unit = RAM_ERASE_UNIT;
	out->write_unit = ram_write_unit;
}

int nrfw_plat_flash_read(uint32_t off, void *buf, size_t len)
{
	if (off > RAM_FLASH_SIZE || len > RAM_FLASH_SIZE - off) {
		return -22;
	}
	memcpy(buf, ram_flash + off, len);
	return 0;
}

/* Counts the operation: 1 it happens, 0 the power goes during it, -1 the power is gone. */
static int flash_op(void)
{
	ram_flash_ops++;
	if (ram_power_cut) {
		return -1;
	}
	if (ram_flash_ops_left == 0) {
		ram_power_cut = true;
		return 0;
	}
	if (ram_flash_ops_left > 0) {
		ram_flash_ops_left--;
	}
	return 1;
}

int nrfw_plat_flash_write(uint32_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	int op;

	if (off % ram_write_unit || len % ram_write_unit || off > RAM_FLASH_SIZE ||
	    len > RAM_FLASH_SIZE - off) {
		return -22;
	}
	op = flash_op();
	if (op < 0) {
		return -5;
	}
	if (op == 0) {
		len /= 2; /* torn: the first half made it */
	}
	for (size_t i = 0; i < len; i++) {
		if ((ram_flash[off + i] & p[i]) != p[i]) {
			ram_flash_violations++;
		}
		ram_flash[off + i] &= p[i]; /* NOR: programming only clears bits */
	}
	return op ? 0 : -5;
}

int nrfw_plat_flash_erase(uint32_t off, size_t len)
{
	if (off % RAM_ERASE_UNIT || len % RAM_ERASE_UNIT || off > RAM_FLASH_SIZE ||
	    len > RAM_FLASH_SIZE - off) {
		return -22;
	}
	if (flash_op() <= 0) {
		return -5; /* an erase cut short is modelled as not done */
	}
	memset(ram_flash + off, 0xff, len);
	return 0;
}

/* ---- board -------------------------------------------------------------------------------- */

uint32_t nrfw_plat_uptime_ms(void)
{
	return ram_now_ms;
}

uint8_t nrfw_plat_led_count(void)
{
	return 4;
}

uint8_t nrfw_plat_button_count(void)
{
	return 4;
}

void nrfw_plat_led_set(uint8_t led, bool on)
{
	if (led < 4) {
		ram_leds[led] = on;
	}
}

bool nrfw_plat_button_get(uint8_t button)
{
	return button < 4 && ram_buttons[button];
}

uint32_t nrfw_plat_free_memory(void)
{
	return 123456;
}

void nrfw_plat_reset(void)
{
	ram_resets++;
}

void nrfw_plat_device_info(struct nrfw_device_info *out)
{
	out->board = "ram";
	out->runtime = "double";
	out->runtime_version = "0";
	out->firmware_version = "test";
	out->reset_cause = NWP_RESET_CAUSE_POWER_ON;
}
