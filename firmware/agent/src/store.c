/* Module store and upload state machine: see store.h for the flash layout and its guarantees. */
#include <string.h>

#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "store.h"

#define HDR_MAGIC  0x314d574eu /* "NWM1" */
#define HDR_COMMIT 0x4b4f4d43u /* "CMOK": second write, marks the header complete */

struct slot_hdr {
	uint32_t magic;
	uint32_t seq;
	uint32_t size;
	uint8_t sha[NRFW_SHA256_LEN];
	uint32_t reserved[4]; /* left erased */
	uint32_t commit;      /* programmed last */
};
_Static_assert(sizeof(struct slot_hdr) == NRFW_STORE_HDR_SIZE, "slot header is 64 bytes");

/* One store per binary: nrfw_module_read() (called by the VM) needs its geometry. */
static struct nrfw_store *the_store;

static uint32_t slot_base(const struct nrfw_store *s, uint8_t slot)
{
	return (uint32_t)slot * s->slot_size;
}

int nrfw_module_read(const struct nrfw_module *m, uint32_t off, void *buf, size_t len)
{
	if (!the_store || off > m->size || len > m->size - off) {
		return -22; /* EINVAL, without errno.h on bare targets */
	}
	return nrfw_plat_flash_read(slot_base(the_store, m->slot) + NRFW_STORE_HDR_SIZE + off, buf,
				    len);
}

static bool hdr_valid(const struct nrfw_store *s, const struct slot_hdr *h)
{
	return h->magic == HDR_MAGIC && h->commit == HDR_COMMIT &&
	       h->size <= s->slot_size - NRFW_STORE_HDR_SIZE;
}

int nrfw_store_init(struct nrfw_store *s)
{
	struct nrfw_flash_info fi;
	struct slot_hdr h[2];
	int rc;

	memset(s, 0, sizeof(*s));
	the_store = s;
	nrfw_plat_flash_info(&fi);
	s->erase_unit = fi.erase_unit;
	s->write_unit = fi.write_unit;
	/* A write unit the layout cannot hold (or the padded tail's buffer) would misplace or
	 * overrun writes: no store rather than a corrupt one. */
	if (fi.write_unit == 0 || (fi.write_unit & (fi.write_unit - 1)) ||
	    fi.write_unit > NRFW_STORE_WRITE_UNIT_MAX || fi.erase_unit % fi.write_unit) {
		s->active = NRFW_SLOT_NONE;
		s->pinned = NRFW_SLOT_NONE;
		s->write_unit = 0;
		return -22; /* EINVAL */
	}
	/* Two slots on erase-unit boundaries so that erasing one never touches the other. */
	s->slot_size = (fi.size / 2) / fi.erase_unit * fi.erase_unit;
	s->active = NRFW_SLOT_NONE;
	s->pinned = NRFW_SLOT_NONE;
	for (uint8_t i = 0; i < 2; i++) {
		rc = nrfw_plat_flash_read(slot_base(s, i), &h[i], sizeof(h[i]));
		if (rc) {
			return rc;
		}
	}
	for (uint8_t i = 0; i < 2; i++) {
		if (!hdr_valid(s, &h[i])) {
			continue;
		}
		/* Serial-number comparison: the sequence may wrap after 2^32 commits. */
		if (s->active == NRFW_SLOT_NONE || (int32_t)(h[i].seq - s->active_seq) > 0) {
			s->active = i;
			s->active_seq = h[i].seq;
			s->active_size = h[i].size;
			memcpy(s->active_sha, h[i].sha, NRFW_SHA256_LEN);
		}
	}
	return 0;
}

bool nrfw_store_active(const struct nrfw_store *s, struct nrfw_module *m)
{
	if (s->active == NRFW_SLOT_NONE) {
		return false;
	}
	m->slot = s->active;
	m->size = s->active_size;
	return true;
}

void nrfw_store_abort(struct nrfw_store *s)
{
	s->up_open = false;
}

static uint8_t inactive_slot(const struct nrfw_store *s)
{
	return s->active == 0 ? 1 : 0;
}

int nrfw_store_begin(struct nrfw_store *s, uint32_t size, const uint8_t sha[NRFW_SHA256_LEN],
		     uint32_t chunk, uint32_t *resume_from)
{
	uint8_t slot = inactive_slot(s);

	if (s->write_unit == 0) {
		return NWP_ERR_STORAGE; /* nrfw_store_init refused this flash */
	}
	if (size > nrfw_store_capacity(s)) {
		return NWP_ERR_TOO_LARGE;
	}
	if (slot == s->pinned) {
		/* A module committed during this run still runs from here: keep its bytes. */
		return NWP_ERR_INVALID_STATE;
	}
	if (s->up_open && s->up_slot == slot && s->up_size == size &&
	    memcmp(s->up_sha, sha, NRFW_SHA256_LEN) == 0) {
		*resume_from = s->up_received / chunk * chunk;
		return 0;
	}
	s->up_open = false;
	/* Erase the header page now: the slot stops being a valid (older) module at once. The
	 * rest is erased page by page as chunks arrive, so that begin stays fast. */
	if (nrfw_plat_flash_erase(slot_base(s, slot), s->erase_unit)) {
		return NWP_ERR_STORAGE;
	}
	s->up_open = true;
	s->up_slot = slot;
	s->up_size = size;
	s->up_received = 0;
	s->up_erased = s->erase_unit;
	memcpy(s->up_sha, sha, NRFW_SHA256_LEN);
	*resume_from = 0;
	return 0;
}

static int ensure_erased(struct nrfw_store *s, uint32_t end)
{
	while (s->up_erased < end) {
		if (nrfw_plat_flash_erase(slot_base(s, s->up_slot) + s->up_erased, s->erase_unit)) {
			return NWP_ERR_STORAGE;
		}
		s->up_erased += s->erase_unit;
	}
	return 0;
}

int nrfw_store_chunk(struct nrfw_store *s, uint32_t off, const uint8_t *data, uint32_t len,
		     uint32_t *received)
{
	uint32_t skip, n, body, pad;
	uint32_t at;

	if (!s->up_open) {
		return NWP_ERR_UPLOAD_SEQUENCE;
	}
	*received = s->up_received;
	/* Go-back-N: only a chunk that covers the first missing byte is used; a resumed upload
	 * may restart below `received` (a different chunk size), so skip what is held. */
	if (off > s->up_received || len == 0 || (uint64_t)off + len <= s->up_received) {
		return 0;
	}
	if ((uint64_t)off + len > s->up_size) {
		return NWP_ERR_UPLOAD_SEQUENCE;
	}
	skip = s->up_received - off;
	n = len - skip;
	at = slot_base(s, s->up_slot) + NRFW_STORE_HDR_SIZE + s->up_received;
	/* `received` is a multiple of the write unit until the last chunk: write the aligned body,
	 * then the tail padded with 0xff (the erased value). */
	body = n / s->write_unit * s->write_unit;
	if (ensure_erased(s, NRFW_STORE_HDR_SIZE + s->up_received + body + (n > body ? s->write_unit : 0))) {
		return NWP_ERR_STORAGE;
	}
	if (body && nrfw_plat_flash_write(at, data + skip, body)) {
		return NWP_ERR_STORAGE;
	}
	pad = n - body;
	if (pad) {
		uint8_t tail[NRFW_STORE_WRITE_UNIT_MAX];

		if (s->up_received + n != s->up_size) {
			/* Only the module's last chunk may end off the write unit. */
			return NWP_ERR_UPLOAD_SEQUENCE;
		}
		memset(tail, 0xff, s->write_unit);
		memcpy(tail, data + skip + body, pad);
		if (nrfw_plat_flash_write(at + body, tail, s->write_unit)) {
			return NWP_ERR_STORAGE;
		}
	}
	s->up_received += n;
	*received = s->up_received;
	return 0;
}

int nrfw_store_commit(struct nrfw_store *s, char *err, uint32_t err_len)
{
	struct nrfw_sha256 ctx;
	uint8_t buf[64];
	uint8_t digest[NRFW_SHA256_LEN];
	struct slot_hdr h;
	struct nrfw_module m;
	uint32_t base, tail;
	int rc;

	if (!s->up_open || s->up_received != s->up_size) {
		return NWP_ERR_UPLOAD_SEQUENCE;
	}
	m.slot = s->up_slot;
	m.size = s->up_size;
	/* Hash what is in flash, not what was received: this also catches bad writes. */
	nrfw_sha256_init(&ctx);
	for (uint32_t off = 0; off < m.size; off += sizeof(buf)) {
		uint32_t n = m.size - off < sizeof(buf) ? m.size - off : sizeof(buf);

		if (nrfw_module_read(&m, off, buf, n)) {
			nrfw_store_abort(s);
			return NWP_ERR_STORAGE;
		}
		nrfw_sha256_update(&ctx, buf, n);
	}
	nrfw_sha256_final(&ctx, digest);
	if (memcmp(digest, s->up_sha, NRFW_SHA256_LEN) != 0) {
		nrfw_store_abort(s);
		return NWP_ERR_HASH_MISMATCH;
	}
	if (nrfw_vm_validate(&m, err, err_len)) {
		nrfw_store_abort(s);
		return NWP_ERR_INVALID_MODULE;
	}
	memset(&h, 0xff, sizeof(h));
	h.magic = HDR_MAGIC;
	h.seq = s->active == NRFW_SLOT_NONE ? 1 : s->active_seq + 1;
	h.size = m.size;
	memcpy(h.sha, s->up_sha, NRFW_SHA256_LEN);
	h.commit = HDR_COMMIT;
	base = slot_base(s, m.slot);
	/* Fields first, then the write unit that ends with the commit word: the slot counts only
	 * once both are in flash, so a cut anywhere leaves the previous module active. */
	tail = s->write_unit < 4 ? 4 : s->write_unit;
	rc = tail < NRFW_STORE_HDR_SIZE ? nrfw_plat_flash_write(base, &h, NRFW_STORE_HDR_SIZE - tail)
					: 0;
	if (rc == 0) {
		rc = nrfw_plat_flash_write(base + NRFW_STORE_HDR_SIZE - tail,
					   (const uint8_t *)&h + NRFW_STORE_HDR_SIZE - tail, tail);
	}
	s->up_open = false;
	if (rc) {
		return NWP_ERR_STORAGE;
	}
	s->active = m.slot;
	s->active_seq = h.seq;
	s->active_size = m.size;
	memcpy(s->active_sha, h.sha, NRFW_SHA256_LEN);
	return 0;
}

int nrfw_store_put(struct nrfw_store *s, const uint8_t *data, uint32_t len, char *err, uint32_t err_len)
{
	struct nrfw_sha256 ctx;
	uint8_t digest[NRFW_SHA256_LEN];
	uint32_t resume, got;
	int rc;

	nrfw_sha256_init(&ctx);
	nrfw_sha256_update(&ctx, data, len);
	nrfw_sha256_final(&ctx, digest);
	rc = nrfw_store_begin(s, len, digest, len ? len : 1, &resume);
	if (!rc && resume < len) {
		rc = nrfw_store_chunk(s, resume, data + resume, len - resume, &got);
	}
	return rc ? rc : nrfw_store_commit(s, err, err_len);
}
