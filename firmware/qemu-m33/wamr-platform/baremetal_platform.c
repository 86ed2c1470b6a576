/*
 * WAMR's platform API (platform_api_vmcore.h) on a bare-metal core: the C library's heap for
 * os_malloc (WAMR itself allocates from its pool), "mmap" from WAMR's pool (no MMU: linear
 * memory is ordinary RAM, bounds are checked in software), time from the board's SysTick,
 * the stack limit for WAMR's native stack check, logs on the semihosting console.
 */
#include "platform_api_vmcore.h"
#include "platform_api_extension.h"

/* From the board (firmware/qemu-m33). */
extern uint32_t __stack_bottom[];
uint64_t time_ticks(void);
void sh_log(const char *text);

int bh_platform_init(void)
{
	return 0;
}

void bh_platform_destroy(void)
{
}

void *os_malloc(unsigned size)
{
	return malloc(size);
}

void *os_realloc(void *ptr, unsigned size)
{
	return realloc(ptr, size);
}

void os_free(void *ptr)
{
	free(ptr);
}

int os_vprintf(const char *format, va_list ap)
{
	char buf[128];
	int n = vsnprintf(buf, sizeof(buf), format, ap);

	sh_log(buf);
	return n;
}

int os_printf(const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = os_vprintf(format, ap);
	va_end(ap);
	return n;
}

int os_dumps_proc_mem_info(char *out, unsigned int size)
{
	return -1;
}

uint64 os_time_get_boot_us(void)
{
	return time_ticks() / 20u; /* SysTick at 20 MHz */
}

uint64 os_time_thread_cputime_us(void)
{
	return os_time_get_boot_us();
}

korp_tid os_self_thread(void)
{
	return 1;
}

/* The main stack's limit (MSPLIM guards it too): WAMR keeps WASM_STACK_GUARD_SIZE above it. */
uint8 *os_thread_get_stack_boundary(void)
{
	return (uint8 *)__stack_bottom;
}

void os_thread_jit_write_protect_np(bool enabled)
{
}

int os_mutex_init(korp_mutex *mutex)
{
	return BHT_OK;
}

int os_mutex_destroy(korp_mutex *mutex)
{
	return BHT_OK;
}

int os_mutex_lock(korp_mutex *mutex)
{
	return BHT_OK;
}

int os_mutex_unlock(korp_mutex *mutex)
{
	return BHT_OK;
}

void *os_mmap(void *hint, size_t size, int prot, int flags, os_file_handle file)
{
	void *addr;

	if ((uint64)size >= UINT32_MAX) {
		return NULL;
	}
	addr = BH_MALLOC((uint32)size);
	if (addr) {
		memset(addr, 0, size);
	}
	return addr;
}

void *os_mremap(void *old_addr, size_t old_size, size_t new_size)
{
	return os_mremap_slow(old_addr, old_size, new_size);
}

void os_munmap(void *addr, size_t size)
{
	BH_FREE(addr);
}

int os_mprotect(void *addr, size_t size, int prot)
{
	return 0;
}

void os_dcache_flush(void)
{
}

void os_icache_flush(void *start, size_t len)
{
}
