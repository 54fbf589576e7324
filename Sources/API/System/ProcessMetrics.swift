import CLinux
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Memory figures of this process and of the machine, read from /proc.
enum ProcessMetrics {
    /// Resident set size of this process in bytes.
    static var residentBytes: Int64 { max(0, Int64(mc_process_rss(getpid()))) }

    /// System memory in MiB: total, used and available (from /proc/meminfo).
    static func systemMemory() -> (total: Int, used: Int, available: Int) {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return (0, 0, 0) }
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
            if parts.count >= 2, let kib = Int(parts[1]) { values[String(parts[0])] = kib }
        }
        let total = (values["MemTotal"] ?? 0) / 1024
        let available = (values["MemAvailable"] ?? 0) / 1024
        return (total, total - available, available)
    }

    /// Percentage of the file system holding `path` that is in use.
    static func diskUsagePercent(path: String) -> Double? {
        var info = statvfs()
        guard statvfs(path, &info) == 0, info.f_blocks > 0 else { return nil }
        let used = Double(info.f_blocks - info.f_bfree)
        let usable = used + Double(info.f_bavail)
        return usable > 0 ? used / usable * 100 : nil
    }
}
