#include "gmtime_per_thread.h"

// libxlsxwriter 1.1.4 dates every workbook through gmtime(), whose single buffer two threads
// closing workbooks overwrite; linked into the program, this definition is found before glibc's.
struct tm *gmtime(const time_t *timer) {
    static _Thread_local struct tm result;
    return gmtime_r(timer, &result);
}

const struct tm *renkei_gmtime_buffer(void) {
    const time_t epoch = 0;
    return gmtime(&epoch);
}
