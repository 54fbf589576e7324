import Foundation
import GRDB
import Hummingbird
import MCShared
import NIOCore

/// `GET /api/status`: the process's version, uptime, database and memory, and the original's
/// `?action=health` report (reference mc-api.md §7.12, §9.2).
struct StatusRoutes {
    let database: DatabasePool
    let startedAt: ContinuousClock.Instant
    let dataDirectory: String
    /// Names of the workers connected to the bus right now.
    let busClients: @Sendable () -> [String]
    /// The live event hub (subscriber counts).
    let hub: EventHub

    func register(on routes: RouteRegistry) {
        // Liveness without touching the database: for load balancers, and the baseline route
        // the benchmark compares real routes against.
        routes.add(.init(method: .get, path: "/api/ping", access: .public, summary: "Liveness probe: {\"pong\":true}, no database access", tag: "Status")) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: Self.pong))
        }
        // The health action is public (load balancers, the original's edge rule); the overview
        // is for signed-in users. Both live on one path, so access is decided per action here.
        routes.add(
            .init(
                method: .get, path: "/api/status", access: .public,
                summary: "Process status (viewer), or ?action=health (public)", tag: "Status", queryParameters: ["action"])
        ) { request, context -> Response in
            switch request.uri.queryParameters.get("action") ?? "overview" {
            case "overview":
                try RouteRegistry.authorize(.role(.viewer), context)
                return try await jsonResponse(overview())
            case "health":
                let report = await health()
                return try jsonResponse(report, status: report.status == "unhealthy" ? .serviceUnavailable : .ok)
            default: throw APIError(.badRequest, "Invalid action")
            }
        }
    }

    static let pong = ByteBuffer(string: #"{"pong":true}"#)

    /// The default status document.
    struct Overview: Codable, Equatable {
        struct Database: Codable, Equatable {
            var ok: Bool
            var latencyMs: Double
            var sqliteVersion: String
            var migrations: [String]
            var sizeBytes: Int64
        }
        struct Memory: Codable, Equatable {
            var rssBytes: Int64
            var total: Int
            var used: Int
            var available: Int
        }
        struct Bus: Codable, Equatable {
            var clients: [String]
        }
        struct Events: Codable, Equatable {
            var subscribers: Int
            var slowDisconnects: Int
        }
        var status: String
        var version: String
        var uptime: Int64
        var timestamp: Int64
        var database: Database
        var memory: Memory
        var bus: Bus
        var events: Events
    }

    func overview() async throws -> Overview {
        let started = ContinuousClock.now
        let migrations = try await database.read { db in try Migrations.migrator.appliedIdentifiers(db) }
        let latency = ContinuousClock.now - started
        let system = ProcessMetrics.systemMemory()
        let size = (try? FileManager.default.attributesOfItem(atPath: database.path)[.size] as? Int64) ?? 0
        return Overview(
            status: "ok", version: MissionControlVersion.current, uptime: (ContinuousClock.now - startedAt).wholeMilliseconds,
            timestamp: Int64(Date().timeIntervalSince1970 * 1000),
            database: .init(
                ok: true, latencyMs: (latency.milliseconds * 1000).rounded() / 1000,
                sqliteVersion: SQLiteLibrary.version, migrations: migrations.sorted(), sizeBytes: size),
            memory: .init(
                rssBytes: ProcessMetrics.residentBytes, total: system.total, used: system.used,
                available: system.available),
            bus: .init(clients: busClients().sorted()),
            events: .init(subscribers: hub.subscriberCount, slowDisconnects: hub.slowDisconnects))
    }

    /// The health report's shape: `{status, version, uptime, checks, timestamp}`.
    struct HealthReport: Codable, Equatable {
        struct Check: Codable, Equatable {
            var name: String
            var status: String
            var message: String
        }
        var status: String
        var version: String
        var uptime: Int64
        var checks: [Check]
        var timestamp: Int64
    }

    func health() async -> HealthReport {
        var checks: [HealthReport.Check] = []
        let started = ContinuousClock.now
        do {
            _ = try await database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
            let elapsed = (ContinuousClock.now - started).wholeMilliseconds
            checks.append(
                elapsed > 1000
                    ? .init(name: "Database", status: "warning", message: "DB slow (\(elapsed) ms)")
                    : .init(name: "Database", status: "healthy", message: "DB responding (\(elapsed) ms)"))
        } catch {
            checks.append(.init(name: "Database", status: "error", message: "DB query failed"))
        }
        let rssMiB = ProcessMetrics.residentBytes / 1_048_576
        checks.append(
            .init(
                name: "Process Memory", status: rssMiB > 800 ? "critical" : rssMiB > 400 ? "warning" : "healthy",
                message: "RSS \(rssMiB) MiB"))
        if let disk = ProcessMetrics.diskUsagePercent(path: dataDirectory) {
            checks.append(
                .init(
                    name: "Disk Space", status: disk < 90 ? "healthy" : disk < 95 ? "warning" : "critical",
                    message: String(format: "%.0f%% used", disk)))
        }
        let memory = ProcessMetrics.systemMemory()
        if memory.total > 0 {
            let percent = Double(memory.used) / Double(memory.total) * 100
            checks.append(
                .init(
                    name: "Memory Usage", status: percent < 90 ? "healthy" : percent < 95 ? "warning" : "critical",
                    message: String(format: "%.0f%% used", percent)))
        }
        return HealthReport(
            status: Self.overallStatus(checks), version: MissionControlVersion.current,
            uptime: (ContinuousClock.now - startedAt).wholeMilliseconds / 1000, checks: checks,
            timestamp: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// The original's rule: any error or critical → unhealthy; else a database warning →
    /// degraded; else any warning → warning; else healthy.
    static func overallStatus(_ checks: [HealthReport.Check]) -> String {
        if checks.contains(where: { $0.status == "error" || $0.status == "critical" }) { return "unhealthy" }
        if checks.contains(where: { $0.name == "Database" && $0.status == "warning" }) { return "degraded" }
        if checks.contains(where: { $0.status == "warning" }) { return "warning" }
        return "healthy"
    }
}
