/*
 * MPS2-AN505 as QEMU emulates it (hw/arm/mps2-tz.c): the registers this firmware uses, at their
 * secure aliases (the core runs in the Secure state from reset, and we never leave it).
 */
#ifndef NRFW_QEMU_M33_BOARD_H_
#define NRFW_QEMU_M33_BOARD_H_

#include <stddef.h>
#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

#define SYSCLK_HZ 20000000u /* MAINCLK of the IoTKit: SysTick's processor clock */

/* CMSDK APB UART0: the debug link (QEMU's first serial port). */
#define UART0_BASE        0x50200000u
#define UART_DATA(b)      REG32((b) + 0x00)
#define UART_STATE(b)     REG32((b) + 0x04)
#define UART_CTRL(b)      REG32((b) + 0x08)
#define UART_INTSTATUS(b) REG32((b) + 0x0c) /* write 1s: INTCLEAR */
#define UART_BAUDDIV(b)   REG32((b) + 0x10)
#define UART_STATE_TXFULL 0x1u
#define UART_STATE_RXFULL 0x2u
#define UART_STATE_RXOVR  0x8u
#define UART_CTRL_TXEN    0x1u
#define UART_CTRL_RXEN    0x2u
#define UART_CTRL_RXINTEN 0x8u
#define UART_CTRL_RXOVRINTEN 0x20u
#define UART_INT_RX       0x2u
#define UART_INT_RXOVR    0x8u
#define UART0_RX_IRQ      32u /* expansion IRQ 0: NVIC input 32 + n */

/* FPGA I/O: the AN505 has 2 user LEDs and 2 push buttons there. The firmware offers 4 of each,
 * like the nRF5340 DK, so modules and examples behave the same: LEDs 2-3 exist only in the `led`
 * events, buttons 2-3 only through the `input` request. */
#define FPGAIO_BASE   0x50302000u
#define FPGAIO_LED    REG32(FPGAIO_BASE + 0x00)
#define FPGAIO_BUTTON REG32(FPGAIO_BASE + 0x08)
#define FPGAIO_LEDS   2u
#define FPGAIO_BUTTONS 2u
#define BOARD_LEDS    4u
#define BOARD_BUTTONS 4u

/* Cortex-M33 system control space. */
#define SYST_CSR   REG32(0xe000e010u)
#define SYST_RVR   REG32(0xe000e014u)
#define SYST_CVR   REG32(0xe000e018u)
#define NVIC_ISER(n) REG32(0xe000e100u + 4u * (n))
#define NVIC_IPR_BYTE(n) (*(volatile uint8_t *)(0xe000e400u + (n)))
#define SCB_ICSR   REG32(0xe000ed04u)
#define SCB_VTOR   REG32(0xe000ed08u)
#define SCB_AIRCR  REG32(0xe000ed0cu)
#define SCB_SHPR3  REG32(0xe000ed20u)
#define SCB_SHCSR  REG32(0xe000ed24u)
#define SCB_CFSR   REG32(0xe000ed28u)
#define SCB_HFSR   REG32(0xe000ed2cu)
#define SCB_MMFAR  REG32(0xe000ed34u)
#define SCB_BFAR   REG32(0xe000ed38u)
#define SCB_CPACR  REG32(0xe000ed88u)
#define AIRCR_SYSRESETREQ (0x05fa0000u | 0x4u)

static inline void irq_disable(void)
{
	__asm volatile("cpsid i" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm volatile("cpsie i" ::: "memory");
}

static inline void wait_for_interrupt(void)
{
	__asm volatile("dsb\n\twfi" ::: "memory");
}

/* uart.c */
void uart_init(void);
void uart_write(const uint8_t *data, size_t len);

/* time.c: milliseconds since reset, and SysTick ticks for measurements. */
void time_init(void);
uint32_t time_ms(void);
uint64_t time_ticks(void);

#endif /* NRFW_QEMU_M33_BOARD_H_ */
