/*
 * Stream reader: cuts a byte stream at 0x00 and applies docs/protocol.md 1.2 to each block, in
 * its order. COBS is undone as the bytes arrive, so the buffer holds only the decoded frame
 * (max_frame bytes, not its COBS bound) and a block costs one pass.
 */
#include <errno.h>

#include <nrf_wasm/protocol.h>

#ifndef EINVAL
#define EINVAL 22
#endif

/* A new maximum frame applies from the next block on (docs/protocol.md 1.1). */
static void apply_max(struct nwp_reader *r)
{
	r->max_frame = r->next_max;
	r->bound = NWP_COBS_BOUND(r->max_frame);
}

/* Forget the current block; 0xff: the first code byte of a block stands for no 0x00. */
static void block_reset(struct nwp_reader *r)
{
	r->raw = 0;
	r->code = 0xff;
	r->left = 0;
	apply_max(r);
}

void nwp_reader_init(struct nwp_reader *r, uint8_t *buf, size_t size, size_t max_frame)
{
	r->buf = buf;
	r->size = size;
	r->len = 0;
	r->skip = false;
	r->next_max = max_frame <= size ? max_frame : size;
	block_reset(r);
}

int nwp_reader_set_max_frame(struct nwp_reader *r, size_t max_frame)
{
	if (max_frame > r->size) {
		return -EINVAL;
	}
	r->next_max = max_frame;
	if (r->raw == 0 && !r->skip) {
		apply_max(r); /* between blocks: now */
	}
	return 0;
}

/* A block ended with 0x00: COBS, then the decoded length, then the frame itself. */
static int block_end(struct nwp_reader *r, struct nwp_msg *msg)
{
	int rc;

	if (r->left != 0) {
		rc = -NWP_RX_COBS; /* the last code promised more bytes than came */
	} else if (r->len > r->max_frame) {
		rc = -NWP_RX_TOO_LONG; /* within the COBS bound, yet decodes to too much */
	} else {
		rc = nwp_decode_frame(r->buf, r->len, msg);
		if (rc == 0) {
			rc = NWP_READ_MSG;
		}
	}
	block_reset(r);
	return rc;
}

int nwp_reader_feed(struct nwp_reader *r, const uint8_t *data, size_t len, size_t *used,
		    struct nwp_msg *msg)
{
	/* Work on copies: stores to buf could alias *r and would force reloads every byte. */
	uint8_t *buf = r->buf;
	size_t max = r->max_frame;
	size_t raw = r->raw;
	size_t out = r->len;
	uint8_t code = r->code;
	uint8_t left = r->left;
	int rc = NWP_READ_MORE;
	size_t i = 0;

	while (i < len) {
		uint8_t b = data[i++];

		if (b == 0) {
			if (r->skip) {
				r->skip = false; /* the overlong block was reported already */
				apply_max(r);
				max = r->max_frame;
				continue;
			}
			if (raw == 0) {
				continue; /* empty block: a flush, not a frame */
			}
			r->raw = raw;
			r->len = out;
			r->left = left;
			rc = block_end(r, msg);
			raw = 0;
			code = 0xff;
			left = 0;
			break;
		}
		if (r->skip) {
			continue;
		}
		if (raw == 0) {
			out = 0; /* a new block: the previous result's frame is gone */
		}
		if (++raw > r->bound) {
			r->skip = true;
			rc = -NWP_RX_TOO_LONG;
			raw = 0;
			code = 0xff;
			left = 0;
			out = 0;
			break;
		}
		if (left == 0) {
			/* A code byte: the group before it ended in 0x00, unless it was full. */
			if (code != 0xff) {
				if (out < max) {
					buf[out] = 0;
				}
				out++;
			}
			code = b;
			left = (uint8_t)(b - 1);
		} else {
			/* Past max_frame just count: too long, reported at the block's end. */
			if (out < max) {
				buf[out] = b;
			}
			out++;
			left--;
		}
	}
	r->raw = raw;
	r->len = out;
	r->code = code;
	r->left = left;
	if (used != NULL) {
		*used = i;
	}
	return rc;
}

int nwp_reader_push(struct nwp_reader *r, uint8_t byte, struct nwp_msg *msg)
{
	return nwp_reader_feed(r, &byte, 1, NULL, msg);
}
