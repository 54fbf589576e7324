import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Creates private directories: owner-only (0700), because they hold the database, keys and
/// the IPC sockets that trust any process of the same user.
public enum SecureDirectory {
    /// Creates `path` (and parents) with mode 0700 if missing, tightens an existing directory we
    /// own to 0700, and checks that we can write into it.
    public static func prepare(_ path: String, variable: String) throws(ConfigurationError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigurationError(variable, "'\(path)' exists and is not a directory")
            }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ConfigurationError(variable, "cannot create '\(path)': \(Self.reason(error))")
            }
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 != 0 {
            _ = chmod(path, 0o700)
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw ConfigurationError(variable, "'\(path)' is not writable by this user (uid \(getuid()))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
