#include "CGzip.h"
#include <string.h>
#include <zlib.h>

size_t mc_gzip_bound(size_t length) {
    // deflateBound for the zlib wrapper plus the larger gzip header and trailer.
    return compressBound((uLong)length) + 32;
}

size_t mc_gzip(const uint8_t *input, size_t length, uint8_t *output, size_t capacity) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    // windowBits 15 + 16 selects the gzip wrapper.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    stream.next_out = output;
    stream.avail_out = (uInt)capacity;
    int result = deflate(&stream, Z_FINISH);
    size_t produced = capacity - stream.avail_out;
    deflateEnd(&stream);
    return result == Z_STREAM_END ? produced : 0;
}
