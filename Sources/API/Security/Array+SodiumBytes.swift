extension Array where Element == UInt8 {
    /// Calls `body` with a pointer to the bytes and their count, the pointer never nil.
    ///
    /// libsodium declares its inputs `nonnull` even when the length is 0 (an empty password is
    /// still hashed), but Swift may hand out a nil base address for an empty array. A copy with
    /// one spare byte always has storage; the spare byte is not counted.
    func withSodiumBytes<Result>(_ body: (UnsafePointer<UInt8>, Int) -> Result) -> Result {
        var padded = self
        padded.append(0)
        return padded.withUnsafeBufferPointer { buffer in
            // A non-empty array always has a base address.
            body(buffer.baseAddress!, count)
        }
    }
}
