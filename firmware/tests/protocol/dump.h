/*
 * Canonical one-line text of a decoded message, the C twin of dumpMessage() in
 * src/protocol/dump.ts: the shared vectors compare these lines. Test code only.
 */
#ifndef NWP_TEST_DUMP_H_
#define NWP_TEST_DUMP_H_

#include <stddef.h>
#include <stdint.h>

#include <nrf_wasm/protocol.h>

/* Schema name of a message type (e.g. "helloOk"), or NULL if unknown. */
const char *nwp_test_msg_name(uint8_t type);

/* Writes the dump of @p m to @p out (always NUL-terminated); returns its length. */
size_t nwp_test_dump(const struct nwp_msg *m, char *out, size_t size);

#endif
