#ifndef RENKEI_GMTIME_PER_THREAD_H
#define RENKEI_GMTIME_PER_THREAD_H

#include <time.h>

/// Where gmtime() leaves its result on the calling thread: a different place on each thread
/// when this target's gmtime() is the one the program uses (tests compare two threads').
const struct tm *renkei_gmtime_buffer(void);

#endif
