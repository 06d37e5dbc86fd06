#include "csimd.h"

#if defined(__x86_64__)
static int has_avx2 = -1;

int hookline_has_avx2(void) {
    int has = __atomic_load_n(&has_avx2, __ATOMIC_RELAXED);
    if (has < 0) {
        __builtin_cpu_init();
        has = __builtin_cpu_supports("avx2") ? 1 : 0;
        __atomic_store_n(&has_avx2, has, __ATOMIC_RELAXED);
    }
    return has;
}
#else
int hookline_has_avx2(void) { return 0; }
#endif
