/*
 * The debug link on CMSDK APB UART0: reception by interrupt (each byte goes to the agent's
 * receive queue, and the agent is told, as the Zephyr UART glue does from its DMA callback);
 * transmission by polling the one-byte holding register from the agent's context.
 */
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "board.h"
#include "qemu_m33.h"

#define BAUD 1000000u /* as the nRF5340 DK's debug UART; QEMU does not pace by it */

/*
 * A full queue leaves the byte in the UART and masks the interrupt: the emulated UART then takes
 * nothing more from the host side (which buffers it), like RTS flow control on the board, so no
 * byte is lost while the agent is busy (e.g. writing flash during an upload).
 */
void uart0_rx_handler(void)
{
	while (UART_STATE(UART0_BASE) & UART_STATE_RXFULL) {
		if (rx_full()) {
			UART_CTRL(UART0_BASE) &= ~UART_CTRL_RXINTEN;
			return;
		}
		UART_INTSTATUS(UART0_BASE) = UART_INT_RX;
		rx_put((uint8_t)UART_DATA(UART0_BASE));
	}
}

void uart_rx_resume(void)
{
	if (!(UART_CTRL(UART0_BASE) & UART_CTRL_RXINTEN)) {
		UART_CTRL(UART0_BASE) |= UART_CTRL_RXINTEN; /* a held byte interrupts at once */
	}
}

void uart_init(void)
{
	UART_BAUDDIV(UART0_BASE) = SYSCLK_HZ / BAUD; /* >= 16, or the UART does not run */
	UART_CTRL(UART0_BASE) = UART_CTRL_TXEN | UART_CTRL_RXEN | UART_CTRL_RXINTEN;
	NVIC_IPR_BYTE(UART0_RX_IRQ) = 0x40;
	NVIC_ISER(UART0_RX_IRQ / 32u) = 1u << (UART0_RX_IRQ % 32u);
}

void uart_write(const uint8_t *data, size_t len)
{
	while (len--) {
		while (UART_STATE(UART0_BASE) & UART_STATE_TXFULL) {
		}
		UART_DATA(UART0_BASE) = *data++;
	}
}
