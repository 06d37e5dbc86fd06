// glibc calls Swift's Glibc module does not carry.
// malloc_trim: the daemon hands freed arena pages back after a reload.
#include <malloc.h>
