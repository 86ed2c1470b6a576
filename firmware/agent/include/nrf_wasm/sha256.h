/*
 * SHA-256 for the module store's upload check. Two implementations behind one interface:
 *  - sha256.c: small portable FIPS 180-4 code (host build, tests, boards without PSA);
 *  - sha256_psa.c (NRFW_SHA256_PSA): the PSA Crypto API, which the board already has for
 *    Bluetooth pairing (nRF Security; the nRF5340's CryptoCell hashes in hardware): about 1 KiB
 *    less flash in the agent.
 */
#ifndef NRF_WASM_SHA256_H_
#define NRF_WASM_SHA256_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NRFW_SHA256_LEN 32

#if defined(NRFW_SHA256_PSA)
#include <psa/crypto.h>

struct nrfw_sha256 {
	psa_hash_operation_t op;
	psa_status_t status; /* first failure: the digest is then all zero (never a match) */
};
#else
struct nrfw_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t buf[64];
};
#endif

void nrfw_sha256_init(struct nrfw_sha256 *s);
void nrfw_sha256_update(struct nrfw_sha256 *s, const void *data, size_t len);
void nrfw_sha256_final(struct nrfw_sha256 *s, uint8_t out[NRFW_SHA256_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_SHA256_H_ */
