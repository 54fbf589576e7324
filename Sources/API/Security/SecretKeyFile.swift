import CSodium
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key behind `SecretBox`: 32 random bytes in `<data dir>/secret.key`, mode 0600.
///
/// It is created on first start and never rewritten. Losing or replacing it makes every sealed
/// secret unreadable, so a file of the wrong size is an error, not something to regenerate.
enum SecretKeyFile {
    /// The file's name inside the data directory.
    static let name = "secret.key"

    /// Bytes in a key (libsodium's `crypto_secretbox_KEYBYTES`).
    static var keyLength: Int { crypto_secretbox_keybytes() }

    /// The key file's path in `dataDirectory`.
    static func path(inDataDirectory dataDirectory: String) -> String {
        dataDirectory.hasSuffix("/") ? dataDirectory + name : dataDirectory + "/" + name
    }

    /// Reads the key at `path`, creating it first if there is none.
    static func loadOrCreate(at path: String) throws -> [UInt8] {
        Sodium.ensureInitialized()
        if let key = try readKey(path) { return key }
        try create(path)
        guard let key = try readKey(path) else {
            throw CredentialCryptoError(.keyFile, "secret key file \(path) vanished right after it was created")
        }
        return key
    }

    /// The key at `path`, or nil when there is no such file.
    private static func readKey(_ path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw failure("cannot open secret key file \(path)")
        }
        defer { close(descriptor) }
        // The size via lseek: `struct stat` is ambiguous between Glibc and Dispatch here.
        let size = lseek(descriptor, 0, SEEK_END)
        guard size >= 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw failure("cannot stat secret key file \(path)")
        }
        guard Int(size) == keyLength else {
            throw CredentialCryptoError(
                .keyFile,
                "secret key file \(path) is \(size) bytes, expected \(keyLength): restore it from a backup "
                    + "(secrets sealed with another key cannot be opened); delete it only if no secrets are stored")
        }
        var key = [UInt8](repeating: 0, count: keyLength)
        var offset = 0
        while offset < keyLength {
            let count = key.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, keyLength - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure("cannot read secret key file \(path)") }
            offset += count
        }
        return key
    }

    /// Writes a new random key to `path` unless a file is already there.
    ///
    /// The key goes to a private temporary file (O_CREAT|O_EXCL, mode 0600) that is then
    /// hard-linked into place. `link` refuses an existing name, so two processes starting
    /// together keep one key, and unlike O_EXCL on the final name no reader can ever see a
    /// half-written file.
    private static func create(_ path: String) throws {
        let temporary = path + ".tmp-" + SecretToken.randomHex(byteCount: 8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create secret key file \(path)") }
        defer { unlink(temporary) }
        var key = [UInt8](repeating: 0, count: keyLength)
        crypto_secretbox_keygen(&key)
        defer { sodium_memzero(&key, key.count) }
        var offset = 0
        while offset < key.count {
            let count = key.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                throw failure("cannot write secret key file \(path)")
            }
            offset += count
        }
        // On disk before it is visible: a crash must not leave an empty key behind the name.
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw failure("cannot write secret key file \(path)") }
        if link(temporary, path) != 0, errno != EEXIST {
            throw failure("cannot create secret key file \(path)")
        }
        syncDirectory(of: path)
    }

    /// Makes the new directory entry durable; best effort, as the key itself is already synced.
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// A key-file error ending with the system's reason, read from `errno` at the call.
    private static func failure(_ what: String, fileID: String = #fileID, line: Int = #line) -> CredentialCryptoError {
        let reason = String(cString: strerror(errno))
        return CredentialCryptoError(.keyFile, "\(what): \(reason)", fileID: fileID, line: line)
    }
}
