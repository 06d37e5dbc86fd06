// libmilter's mfapi.h uses socket types without including their header.
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <libmilter/mfapi.h>
// malloc_trim: the daemon hands freed arena pages back after a reload (MilterDaemon).
#include <malloc.h>
