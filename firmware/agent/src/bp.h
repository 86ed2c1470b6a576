/*
 * Code breakpoint table: resolved module offsets, each counted once however many requests name
 * it (docs/protocol.md 3.5). A fixed array: the agent does not allocate.
 */
#ifndef NRFW_AGENT_BP_H_
#define NRFW_AGENT_BP_H_

#include <stdbool.h>
#include <stdint.h>

#ifndef NRFW_BP_MAX
#define NRFW_BP_MAX 32
#endif

struct nrfw_bp_table {
	uint16_t count;
	uint32_t off[NRFW_BP_MAX];
};

/* 1 added, 0 already there, -1 table full. */
int nrfw_bp_add(struct nrfw_bp_table *t, uint32_t off);
/* true if it was there. */
bool nrfw_bp_remove(struct nrfw_bp_table *t, uint32_t off);
bool nrfw_bp_has(const struct nrfw_bp_table *t, uint32_t off);

static inline void nrfw_bp_clear(struct nrfw_bp_table *t)
{
	t->count = 0;
}

#endif /* NRFW_AGENT_BP_H_ */
