/*
 * The agent's flash (nrf_wasm/platform.h) in a file on the machine running QEMU, through
 * semihosting, with NOR rules: erase sets a page to 0xff, programming only clears bits, in
 * write units. The module store therefore survives a reset and a QEMU restart, and the stored
 * module runs at boot, as on the board.
 */
#include <errno.h>
#include <string.h>

#include "nrf_wasm/platform.h"
#include "qemu_m33.h"
#include "semihost.h"

/* The board's wasm_store partition: 224 KiB in 4 KiB pages, 4-byte words. */
#define STORE_SIZE  (224u * 1024u)
#define ERASE_UNIT  4096u
#define WRITE_UNIT  4u
#define CHUNK       256u /* bytes per read-modify-write: a small stack buffer */

static int fd = -1;

static int fill_erased(uint32_t off, uint32_t len)
{
	uint8_t ff[CHUNK];

	memset(ff, 0xff, sizeof(ff));
	if (sh_seek(fd, off)) {
		return -EIO;
	}
	while (len) {
		uint32_t n = len < CHUNK ? len : CHUNK;

		if (sh_write(fd, ff, n)) {
			return -EIO;
		}
		len -= n;
	}
	return 0;
}

int flash_store_init(const char *path)
{
	long have;

	fd = sh_open(path, SH_MODE_RPLUS_B);
	if (fd < 0) {
		fd = sh_open(path, SH_MODE_WPLUS_B); /* a new store is erased flash */
	}
	if (fd < 0) {
		return -ENOENT;
	}
	have = sh_flen(fd);
	if (have < 0) {
		return -EIO;
	}
	if ((uint32_t)have < STORE_SIZE) {
		uint32_t from = (uint32_t)have / ERASE_UNIT * ERASE_UNIT;

		return fill_erased(from, STORE_SIZE - from);
	}
	return 0;
}

void nrfw_plat_flash_info(struct nrfw_flash_info *out)
{
	out->size = STORE_SIZE;
	out->erase_unit = ERASE_UNIT;
	out->write_unit = WRITE_UNIT;
}

static bool in_range(uint32_t off, size_t len)
{
	return off <= STORE_SIZE && len <= STORE_SIZE - off;
}

int nrfw_plat_flash_read(uint32_t off, void *buf, size_t len)
{
	if (fd < 0) {
		return -ENODEV;
	}
	if (!in_range(off, len)) {
		return -EINVAL;
	}
	return sh_seek(fd, off) || sh_read(fd, buf, len) ? -EIO : 0;
}

int nrfw_plat_flash_write(uint32_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint8_t cur[CHUNK];

	if (fd < 0) {
		return -ENODEV;
	}
	if (off % WRITE_UNIT || len % WRITE_UNIT || !in_range(off, len)) {
		return -EINVAL;
	}
	while (len) {
		size_t n = len < CHUNK ? len : CHUNK;

		if (sh_seek(fd, off) || sh_read(fd, cur, n)) {
			return -EIO;
		}
		for (size_t i = 0; i < n; i++) {
			cur[i] &= p[i]; /* NOR: programming only clears bits */
		}
		if (sh_seek(fd, off) || sh_write(fd, cur, n)) {
			return -EIO;
		}
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

int nrfw_plat_flash_erase(uint32_t off, size_t len)
{
	if (fd < 0) {
		return -ENODEV;
	}
	if (off % ERASE_UNIT || len % ERASE_UNIT || !in_range(off, len)) {
		return -EINVAL;
	}
	return fill_erased(off, len);
}
