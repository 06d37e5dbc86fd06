// glibc calls Swift's Glibc module does not carry.
// malloc_trim: the daemon hands freed arena pages back after a reload.
#include <malloc.h>
#include <spawn.h>
// A child compiler must not inherit the milter's sockets; glibc declares this only
// under _GNU_SOURCE, which the Glibc module is not built with.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int);
// fstatfs: a pattern database is mapped from a file only where the file system is not
// tmpfs (whose pages could not be given back).
#include <sys/vfs.h>
