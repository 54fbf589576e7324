import Foundation

/// The settings every Mission Control process shares, read from the environment (and a `.env`
/// file) once at start. Each process validates what it needs and exits 78 with
/// `ConfigurationError`'s one line when a value is wrong.
public struct MissionControlConfiguration: Sendable {
    /// Address the HTTP server listens on (`MC_HOST`).
    public var host: String
    /// TCP port of the HTTP server (`MC_PORT`).
    public var port: Int
    /// Where the database, backups and keys live (`MC_DATA_DIR`).
    public var dataDirectory: String
    /// Where the IPC sockets live (`MC_RUNTIME_DIR`, default `<data dir>/run`).
    public var runtimeDirectory: String
    /// Minimum log level (`MC_LOG_LEVEL`).
    public var logLevel: String
    /// Largest IPC frame accepted or sent (`MC_IPC_MAX_FRAME`, bytes).
    public var maxFrameSize: Int
    /// The merged environment, for settings owned by one process (workers read their own).
    public var environment: EnvironmentReader

    /// Default HTTP port, the original's.
    public static let defaultPort = 3000
    /// Default IPC frame limit: 4 MiB (DESIGN §3).
    public static let defaultMaxFrameSize = 4 * 1024 * 1024

    /// Path of the supervisor's control socket.
    public var supervisorSocketPath: String { runtimeDirectory + "/mcsup.sock" }
    /// Path of the API's bus socket.
    public var apiSocketPath: String { runtimeDirectory + "/api.sock" }
    /// Path of the SQLite database.
    public var databasePath: String { dataDirectory + "/mc.db" }

    /// Reads and validates the settings. Nothing is created on disk here.
    public init(environment values: [String: String]) throws(ConfigurationError) {
        let env = EnvironmentReader(values)
        self.environment = env
        self.host = env.string("MC_HOST") ?? "127.0.0.1"
        self.port = try env.integer("MC_PORT", default: Self.defaultPort, in: 1...65535)
        let data = env.string("MC_DATA_DIR") ?? "./.data"
        self.dataDirectory = Self.absolute(data)
        self.runtimeDirectory = env.string("MC_RUNTIME_DIR").map(Self.absolute) ?? dataDirectory + "/run"
        let level = env.string("MC_LOG_LEVEL")?.lowercased() ?? "info"
        guard Self.logLevels.contains(level) else {
            throw ConfigurationError(
                "MC_LOG_LEVEL", "expected one of \(Self.logLevels.joined(separator: ", ")), got '\(level)'")
        }
        self.logLevel = level
        self.maxFrameSize = try env.integer(
            "MC_IPC_MAX_FRAME", default: Self.defaultMaxFrameSize, in: 1024...(64 * 1024 * 1024))
        // Unix socket paths are limited to 108 bytes by sockaddr_un; say so now, not at bind.
        if supervisorSocketPath.utf8.count >= 108 {
            throw ConfigurationError(
                "MC_RUNTIME_DIR", "'\(runtimeDirectory)' is too long for a Unix socket path; use a shorter directory")
        }
    }

    /// Loads the process environment over the `.env` file (`MC_ENV_FILE`, default `./.env`).
    public static func load(processEnvironment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> MissionControlConfiguration
    {
        let merged = try mergedEnvironment(processEnvironment: processEnvironment)
        return try MissionControlConfiguration(environment: merged)
    }

    /// The process environment laid over the `.env` file's values.
    public static func mergedEnvironment(processEnvironment: [String: String]) throws(ConfigurationError)
        -> [String: String]
    {
        let envFile = processEnvironment["MC_ENV_FILE"] ?? ".env"
        let fileValues = try DotEnvFile.load(path: envFile)
        return fileValues.merging(processEnvironment, uniquingKeysWith: { _, process in process })
    }

    /// Creates the data and runtime directories (mode 0700) and checks they are writable.
    public func prepareDirectories() throws(ConfigurationError) {
        try SecureDirectory.prepare(dataDirectory, variable: "MC_DATA_DIR")
        try SecureDirectory.prepare(runtimeDirectory, variable: "MC_RUNTIME_DIR")
    }

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }
}
