/*
 * Small portable SHA-256 (FIPS 180-4). Written for the agent so that the module store can verify
 * an upload without mbedTLS/PSA; a Zephyr build may still use PSA elsewhere.
 */
#ifndef NRF_WASM_SHA256_H_
#define NRF_WASM_SHA256_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NRFW_SHA256_LEN 32

struct nrfw_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t buf[64];
};

void nrfw_sha256_init(struct nrfw_sha256 *s);
void nrfw_sha256_update(struct nrfw_sha256 *s, const void *data, size_t len);
void nrfw_sha256_final(struct nrfw_sha256 *s, uint8_t out[NRFW_SHA256_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_SHA256_H_ */
