/* Stepping decisions: pure functions of the step request, the pc and the frame id. */
#include "nrf_wasm/protocol.h"
#include "step.h"

int nrfw_step_begin(struct nrfw_step *s, uint8_t kind, const uint8_t *ranges_wire,
		    uint16_t nranges, uintptr_t frame)
{
	if (kind > NWP_STEP_OUT) {
		return NRFW_STEP_BAD;
	}
	/* Checked for every kind, so a request is judged the same whatever it asks (protocol 3.5). */
	if (nranges > NRFW_STEP_RANGES_MAX) {
		return NRFW_STEP_TOO_MANY;
	}
	for (uint16_t i = 0; i < nranges; i++) {
		if (nwp_get_u32(ranges_wire + 8 * i + 4) < nwp_get_u32(ranges_wire + 8 * i)) {
			return NRFW_STEP_BAD; /* inverted */
		}
	}
	s->active = true;
	s->kind = kind;
	s->frame = frame;
	s->nranges = 0;
	if (kind == NWP_STEP_OUT) {
		return 0; /* ranges mean nothing to `out` */
	}
	for (uint16_t i = 0; i < nranges; i++) {
		uint32_t start = nwp_get_u32(ranges_wire + 8 * i);
		uint32_t end = nwp_get_u32(ranges_wire + 8 * i + 4);

		s->ranges[s->nranges].start = start;
		s->ranges[s->nranges].end = end;
		s->nranges++;
	}
	return 0;
}

static bool in_ranges(const struct nrfw_step *s, uint32_t pc)
{
	for (uint8_t i = 0; i < s->nranges; i++) {
		if (pc >= s->ranges[i].start && pc < s->ranges[i].end) {
			return true;
		}
	}
	return false;
}

bool nrfw_step_decide(const struct nrfw_step *s, uint32_t pc, uintptr_t frame)
{
	if (!s->active) {
		return false;
	}
	if (frame < s->frame) {
		return true; /* the frame returned: stop in the caller, whatever the kind */
	}
	if (s->kind == NWP_STEP_OUT) {
		return false;
	}
	if (frame > s->frame) {
		/* In a callee: `into` stops at its first instruction, `over` runs it to the end. */
		return s->kind == NWP_STEP_INTO;
	}
	return s->nranges == 0 || !in_ranges(s, pc);
}
