#if canImport(Glibc)
    import Glibc
#endif

/// One event read from an inotify descriptor.
struct InotifyEvent: Sendable, Hashable {
    /// The watch descriptor of the directory the event happened in.
    var watch: Int32
    /// `IN_*` bits.
    var mask: UInt32
    /// The entry's name inside the directory; empty for events on the directory itself.
    var name: String

    /// True when `mask` has any of `bits`.
    func has(_ bits: Int32) -> Bool { mask & UInt32(bitPattern: bits) != 0 }

    /// Splits a buffer returned by `read(2)` on an inotify descriptor into events:
    /// `struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }`, the
    /// name NUL-padded. A truncated trailing record (which the kernel never writes) is ignored.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
        let header = 16
        var events: [InotifyEvent] = []
        var position = 0
        while position + header <= bytes.count {
            let watch = bytes.loadUnaligned(fromByteOffset: position, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: position + 12, as: UInt32.self))
            guard position + header + length <= bytes.count else { break }
            let nameBytes = bytes[(position + header)..<(position + header + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            events.append(InotifyEvent(watch: watch, mask: mask, name: name))
            position += header + length
        }
        return events
    }
}
