import CGzip
import Foundation
import MCShared
import NIOCore

/// The web UI's files (DESIGN §5: static ES modules, CSS and SVG from `Sources/API/Public`),
/// read once at start and kept in memory with a gzip copy and a validator each, so serving
/// one is a dictionary lookup.
struct StaticAssets: Sendable {
    /// One file, ready to send.
    struct Asset: Sendable {
        var body: ByteBuffer
        /// The gzip encoding, when it is at least 10 % smaller.
        var gzip: ByteBuffer?
        /// Strong validator of `body` (the gzip copy uses `etag` with a `-gz` suffix).
        var etag: String
        var contentType: String
    }

    /// The largest file read; the UI's files are a few KiB each.
    static let fileSizeLimit = 4 << 20

    /// By URL path (`/index.html`, `/js/app.js`, ...).
    let assets: [String: Asset]
    /// Where they were read from; nil when no directory was found.
    let directory: String?

    /// Reads every file under `directory` (dot files skipped).
    init(directory: String?) throws {
        self.directory = directory
        guard let directory else {
            assets = [:]
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StaticAssetsError(directory: directory, reason: "no such folder")
        }
        var assets: [String: Asset] = [:]
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey], options: [.skipsHiddenFiles])
        else { throw StaticAssetsError(directory: directory, reason: "cannot list it") }
        for case let url as URL in walker {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true else { continue }
            guard (values.fileSize ?? 0) <= Self.fileSizeLimit else {
                throw StaticAssetsError(directory: directory, reason: "\(url.lastPathComponent) is larger than 4 MiB")
            }
            let relative = String(url.resolvingSymlinksInPath().path.dropFirst(root.path.count))
            let data = try Data(contentsOf: url)
            assets[relative] = Self.asset(Array(data), path: relative)
        }
        self.assets = assets
    }

    /// The asset for a URL path.
    subscript(path: String) -> Asset? { assets[path] }

    /// `MC_PUBLIC_DIR`, else the `Public` resource folder SwiftPM puts next to the executable
    /// (`mission-control_MCAPI.resources`), which `deploy/install.sh` installs beside `mc-api`.
    static func locate(environment: EnvironmentReader) -> String? {
        if let explicit = environment.string("MC_PUBLIC_DIR") { return explicit }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidate = executable.appendingPathComponent("mission-control_MCAPI.resources/Public").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue
            ? candidate : nil
    }

    static func asset(_ bytes: [UInt8], path: String) -> Asset {
        let type = contentType(path)
        var gzip: ByteBuffer?
        if type.hasPrefix("text/") || type.contains("javascript") || type.contains("json") || type.contains("svg"),
            let compressed = Self.gzip(bytes), compressed.count * 10 <= bytes.count * 9
        {
            gzip = ByteBuffer(bytes: compressed)
        }
        let digest = SecretToken.sha256Hex(bytes).prefix(20)
        return Asset(body: ByteBuffer(bytes: bytes), gzip: gzip, etag: "\"\(digest)\"", contentType: type)
    }

    /// The gzip encoding of `bytes`, nil if zlib fails.
    static func gzip(_ bytes: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: mc_gzip_bound(bytes.count))
        let capacity = output.count
        let size = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { mc_gzip(input.baseAddress, input.count, $0.baseAddress, capacity) }
        }
        return size == 0 ? nil : Array(output.prefix(size))
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json", "webmanifest": "application/json; charset=utf-8"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// The UI folder could not be read at start.
struct StaticAssetsError: Error, CustomStringConvertible {
    var directory: String
    var reason: String
    var description: String { "web UI folder \(directory): \(reason)" }
}
