import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The socket file of a listening Unix socket: stale files are removed at bind, live ones
/// are never stolen.
enum SocketFile {
    /// Makes `path` free to bind. A socket file nobody listens on (left by a killed process)
    /// is removed; a socket somebody still answers on, or any other kind of file, is an error.
    static func prepareForBind(_ path: String) throws(IPCError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw IPCError(.unavailable, "\(path) exists and is not a socket; remove it or choose another MC_RUNTIME_DIR")
        }
        if isListening(path) {
            throw IPCError(.unavailable, "another process is already listening on \(path) (is Mission Control already running?)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw IPCError(.unavailable, "cannot remove stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// True when a connection to `path` succeeds.
    static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    /// Restricts the socket to its owner (0600).
    static func restrictToOwner(_ path: String) throws(IPCError) {
        guard chmod(path, 0o600) == 0 else {
            throw IPCError(.unavailable, "cannot chmod \(path): \(String(cString: strerror(errno)))")
        }
    }
}
