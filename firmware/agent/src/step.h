/*
 * Device-side stepping decisions (docs/protocol.md 3.5). The VM reports every instruction
 * boundary while a step is active, with a frame id that grows with call depth (WAMR: the frame's
 * address in its downward-free, upward-growing frame stack; the test VM double: the depth).
 * nrfw_step_decide() says whether to stop there.
 */
#ifndef NRFW_AGENT_STEP_H_
#define NRFW_AGENT_STEP_H_

#include <stdbool.h>
#include <stdint.h>

#ifndef NRFW_STEP_RANGES_MAX
#define NRFW_STEP_RANGES_MAX 8
#endif

struct nrfw_step {
	bool active;
	uint8_t kind;    /* NWP_STEP_* */
	uint8_t nranges; /* 0: plain instruction step */
	uintptr_t frame; /* frame id where the step began */
	struct {
		uint32_t start, end; /* [start, end) */
	} ranges[NRFW_STEP_RANGES_MAX];
};

#define NRFW_STEP_BAD      (-1) /* unknown kind, or a range that ends before it starts */
#define NRFW_STEP_TOO_MANY (-2) /* more than NRFW_STEP_RANGES_MAX ranges */

/*
 * Starts a step from the frame `frame`. Returns 0, or NRFW_STEP_BAD / NRFW_STEP_TOO_MANY (the
 * step is then not started: the host gets malformed / tableFull, protocol 3.5).
 */
int nrfw_step_begin(struct nrfw_step *s, uint8_t kind, const uint8_t *ranges_wire,
		    uint16_t nranges, uintptr_t frame);

/* true: stop at this instruction (pc, frame), reason `step`. */
bool nrfw_step_decide(const struct nrfw_step *s, uint32_t pc, uintptr_t frame);

#endif /* NRFW_AGENT_STEP_H_ */
