#ifndef MC_CGZIP_H
#define MC_CGZIP_H
/// gzip compression of a whole buffer with zlib (static web assets are compressed once, at
/// start). Swift cannot use zlib's macros (deflateInit2), hence this wrapper.
#include <stddef.h>
#include <stdint.h>

/// An upper bound of the gzip size of `length` input bytes.
size_t mc_gzip_bound(size_t length);

/// Compresses `input` into `output` (capacity `capacity`, at least mc_gzip_bound) as a gzip
/// member at the best compression level. Returns the compressed size, or 0 on failure.
size_t mc_gzip(const uint8_t *input, size_t length, uint8_t *output, size_t capacity);

#endif
