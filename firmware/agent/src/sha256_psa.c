/* SHA-256 through the PSA Crypto API (see nrf_wasm/sha256.h). */
#include <string.h>

#include "nrf_wasm/sha256.h"

void nrfw_sha256_init(struct nrfw_sha256 *s)
{
	/* psa_crypto_init() is idempotent: whoever comes first (BT, us) initialises. */
	s->op = psa_hash_operation_init();
	s->status = psa_crypto_init();
	if (s->status == PSA_SUCCESS) {
		s->status = psa_hash_setup(&s->op, PSA_ALG_SHA_256);
	}
}

void nrfw_sha256_update(struct nrfw_sha256 *s, const void *data, size_t len)
{
	if (s->status == PSA_SUCCESS) {
		s->status = psa_hash_update(&s->op, data, len);
	}
}

void nrfw_sha256_final(struct nrfw_sha256 *s, uint8_t out[NRFW_SHA256_LEN])
{
	size_t n = 0;

	if (s->status == PSA_SUCCESS) {
		s->status = psa_hash_finish(&s->op, out, NRFW_SHA256_LEN, &n);
	}
	if (s->status != PSA_SUCCESS || n != NRFW_SHA256_LEN) {
		/* A failed hash must not pass for the host's: zero is no SHA-256 anyone uploads. */
		psa_hash_abort(&s->op);
		memset(out, 0, NRFW_SHA256_LEN);
	}
}
