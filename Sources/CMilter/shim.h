// libmilter's mfapi.h uses socket types without including their header.
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <libmilter/mfapi.h>
