/*
 * Module store: two slots (A/B) in one flash area, and the upload state machine that fills the
 * inactive one (docs/protocol.md 3.3).
 *
 * Slot layout: a 64-byte header, then the module bytes. The header is programmed only at commit,
 * in two writes: fields first, then a commit word. A slot is valid when both are intact; the
 * valid slot with the higher sequence number is the active one. A commit cut at any point leaves
 * the new header incomplete, so the previous module stays active: activation is atomic.
 */
#ifndef NRFW_AGENT_STORE_H_
#define NRFW_AGENT_STORE_H_

#include <stdbool.h>
#include <stdint.h>

#include "nrf_wasm/sha256.h"
#include "nrf_wasm/vm.h"

#define NRFW_STORE_HDR_SIZE 64u
/* The largest flash write unit the store handles: module bytes start right after the header,
 * so the header must be whole write units. */
#define NRFW_STORE_WRITE_UNIT_MAX NRFW_STORE_HDR_SIZE
#define NRFW_SLOT_NONE 0xffu

struct nrfw_store {
	uint32_t slot_size; /* bytes per slot, header included */
	uint32_t erase_unit;
	uint32_t write_unit;
	/* active module */
	uint8_t active;     /* slot index or NRFW_SLOT_NONE */
	uint8_t pinned;     /* slot a run is using (its bytes must not change), or NONE */
	uint32_t active_seq;
	uint32_t active_size;
	uint8_t active_sha[NRFW_SHA256_LEN];
	/* upload in progress */
	bool up_open;
	uint8_t up_slot;
	uint32_t up_size;
	uint32_t up_received; /* bytes [0, received) are in flash */
	uint32_t up_erased;   /* slot bytes [0, erased) are erased or written */
	uint8_t up_sha[NRFW_SHA256_LEN];
};

/* Reads both slot headers and picks the active module. Returns 0 or -errno from the flash. */
int nrfw_store_init(struct nrfw_store *s);

/* Largest module a slot holds. */
static inline uint32_t nrfw_store_capacity(const struct nrfw_store *s)
{
	return s->slot_size - NRFW_STORE_HDR_SIZE;
}

/* Fills `m` with the active module; false when there is none. */
bool nrfw_store_active(const struct nrfw_store *s, struct nrfw_module *m);

/*
 * uploadBegin: returns 0 and *resume_from (a multiple of `chunk`), or an NWP_ERR_* code.
 * The same size and SHA-256 as the open upload resumes it; anything else starts over.
 */
int nrfw_store_begin(struct nrfw_store *s, uint32_t size, const uint8_t sha[NRFW_SHA256_LEN],
		     uint32_t chunk, uint32_t *resume_from);

/*
 * uploadChunk: stores the part of [off, off+len) that extends the bytes held. Returns 0 (see
 * *received for the cumulative ack; a chunk that is not contiguous is ignored) or an NWP_ERR_*.
 */
int nrfw_store_chunk(struct nrfw_store *s, uint32_t off, const uint8_t *data, uint32_t len,
		     uint32_t *received);

/*
 * uploadCommit: all bytes present, SHA-256 matches, `validate` accepts the module, then the slot
 * becomes active. Returns 0 or an NWP_ERR_* code (`err` gets the VM's reason for invalidModule).
 */
int nrfw_store_commit(struct nrfw_store *s, char *err, uint32_t err_len);

/*
 * A whole module held in RAM, stored in one go (begin, one chunk, commit): the bench modes of the
 * host build and the emulated board. Returns 0 or an NWP_ERR_* code like nrfw_store_commit.
 */
int nrfw_store_put(struct nrfw_store *s, const uint8_t *data, uint32_t len, char *err, uint32_t err_len);

/* uploadAbort, and what any failure does: forget the upload; the active module is untouched. */
void nrfw_store_abort(struct nrfw_store *s);

#endif /* NRFW_AGENT_STORE_H_ */
