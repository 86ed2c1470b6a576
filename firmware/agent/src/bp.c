/* Breakpoint table: linear search; NRFW_BP_MAX is small and hits are checked by the VM's patched
 * opcodes, not by searching this table on every instruction. */
#include "bp.h"

bool nrfw_bp_has(const struct nrfw_bp_table *t, uint32_t off)
{
	for (uint16_t i = 0; i < t->count; i++) {
		if (t->off[i] == off) {
			return true;
		}
	}
	return false;
}

int nrfw_bp_add(struct nrfw_bp_table *t, uint32_t off)
{
	if (nrfw_bp_has(t, off)) {
		return 0;
	}
	if (t->count == NRFW_BP_MAX) {
		return -1;
	}
	t->off[t->count++] = off;
	return 1;
}

bool nrfw_bp_remove(struct nrfw_bp_table *t, uint32_t off)
{
	for (uint16_t i = 0; i < t->count; i++) {
		if (t->off[i] == off) {
			t->off[i] = t->off[--t->count];
			return true;
		}
	}
	return false;
}
