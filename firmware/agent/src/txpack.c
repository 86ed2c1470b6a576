/* Packet filling across frame boundaries (nrf_wasm/txpack.h). */
#include "nrf_wasm/txpack.h"

#include <string.h>

void nrfw_txpack_reset(struct nrfw_txpack *p)
{
	p->tail_len = 0;
}

int nrfw_txpack_flush(struct nrfw_txpack *p, nrfw_txpack_emit emit, void *ctx)
{
	int rc;

	if (p->tail_len == 0) {
		return 0;
	}
	rc = emit(ctx, p->tail, p->tail_len);
	if (rc == 0) {
		p->tail_len = 0;
	}
	return rc;
}

int nrfw_txpack_put(struct nrfw_txpack *p, size_t payload, const uint8_t *data, size_t len,
		    bool more, nrfw_txpack_emit emit, void *ctx)
{
	int rc;

	if (payload < 1) {
		payload = 1;
	}
	if (payload > NRFW_TXPACK_MAX) {
		payload = NRFW_TXPACK_MAX;
	}
	/* The MTU may have shrunk since the tail was held (a new connection resets it first). */
	if (p->tail_len >= payload) {
		rc = nrfw_txpack_flush(p, emit, ctx);
		if (rc) {
			p->tail_len = 0;
			return rc;
		}
	}
	/* Top up the held tail first: it is the oldest byte of the stream. */
	if (p->tail_len) {
		size_t k = payload - p->tail_len;

		if (k > len) {
			k = len;
		}
		memcpy(p->tail + p->tail_len, data, k);
		p->tail_len += (uint16_t)k;
		data += k;
		len -= k;
		if (p->tail_len == payload) {
			rc = nrfw_txpack_flush(p, emit, ctx);
			if (rc) {
				p->tail_len = 0;
				return rc;
			}
		}
	}
	while (len >= payload) {
		rc = emit(ctx, data, payload);
		if (rc) {
			return rc;
		}
		data += payload;
		len -= payload;
	}
	if (len) {
		memcpy(p->tail + p->tail_len, data, len);
		p->tail_len += (uint16_t)len;
	}
	if (more) {
		return 0;
	}
	rc = nrfw_txpack_flush(p, emit, ctx);
	if (rc) {
		p->tail_len = 0;
	}
	return rc;
}
