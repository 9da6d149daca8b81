#ifndef RENKEI_FAST_CRC32_H
#define RENKEI_FAST_CRC32_H

#include <stddef.h>
#include <stdint.h>

/// zlib's crc32(crc, buf, len), the same value, with the CPU's carry-less multiply
/// (PCLMULQDQ) where it has one: ~3× zlib 1.2's table CRC on the bench machine.
uint32_t renkei_crc32(uint32_t crc, const unsigned char *buf, size_t len);

/// 1 when renkei_crc32 uses PCLMULQDQ on this CPU (for tests and the note), else 0.
int renkei_crc32_uses_pclmul(void);

#endif
