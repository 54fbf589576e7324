import Foundation
import MCShared
import Testing

/// Reading and validating the shared settings from an environment dictionary.
@Suite struct MissionControlConfigurationTests {
    /// The error `MissionControlConfiguration(environment:)` throws for `environment`.
    private func failure(_ environment: [String: String]) -> ConfigurationError? {
        #expect(throws: ConfigurationError.self) { try MissionControlConfiguration(environment: environment) }
    }

    @Test func defaults() throws {
        let configuration = try MissionControlConfiguration(environment: [:])
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        #expect(configuration.port == 3000)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.dataDirectory == cwd + "/.data")
        #expect(configuration.dataDirectory.hasPrefix("/"))
        #expect(!configuration.dataDirectory.contains("/./"))
        #expect(configuration.runtimeDirectory == configuration.dataDirectory + "/run")
        #expect(configuration.logLevel == "info")
        #expect(configuration.maxFrameSize == 4 * 1024 * 1024)
        #expect(configuration.supervisorSocketPath == configuration.runtimeDirectory + "/mcsup.sock")
        #expect(configuration.apiSocketPath == configuration.runtimeDirectory + "/api.sock")
        #expect(configuration.databasePath == configuration.dataDirectory + "/mc.db")
    }

    @Test func explicitDirectoriesAreStandardised() throws {
        let configuration = try MissionControlConfiguration(environment: [
            "MC_DATA_DIR": "/var/lib/mc/../mission-control", "MC_RUNTIME_DIR": "/run/mission-control",
        ])
        #expect(configuration.dataDirectory == "/var/lib/mission-control")
        #expect(configuration.runtimeDirectory == "/run/mission-control")
    }

    @Test(arguments: ["0", "65536", "abc", "-1", "3000x"])
    func badPort(_ value: String) {
        let error = failure(["MC_PORT": value])
        #expect(error?.variable == "MC_PORT")
        #expect(error?.description.contains("MC_PORT") == true)
        #expect(error?.description.contains("'\(value)'") == true, "\(String(describing: error))")
        #expect(error?.description.contains("1 to 65535") == true)
    }

    @Test(arguments: [1, 65535, 8080])
    func validPort(_ port: Int) throws {
        #expect(try MissionControlConfiguration(environment: ["MC_PORT": String(port)]).port == port)
    }

    @Test func emptyPortMeansDefault() throws {
        #expect(try MissionControlConfiguration(environment: ["MC_PORT": ""]).port == 3000)
    }

    @Test func logLevelIsCaseInsensitive() throws {
        #expect(try MissionControlConfiguration(environment: ["MC_LOG_LEVEL": "DEBUG"]).logLevel == "debug")
    }

    @Test func badLogLevel() {
        let error = failure(["MC_LOG_LEVEL": "verbose"])
        #expect(error?.variable == "MC_LOG_LEVEL")
        #expect(error?.message == "expected one of trace, debug, info, notice, warning, error, critical, got 'verbose'")
    }

    @Test func frameLimits() throws {
        #expect(try MissionControlConfiguration(environment: ["MC_IPC_MAX_FRAME": "1024"]).maxFrameSize == 1024)
        let error = failure(["MC_IPC_MAX_FRAME": "1023"])
        #expect(error?.variable == "MC_IPC_MAX_FRAME")
        #expect(error?.description.contains("'1023'") == true)
        #expect(failure(["MC_IPC_MAX_FRAME": String(64 * 1024 * 1024 + 1)])?.variable == "MC_IPC_MAX_FRAME")
    }

    /// `<dir>/mcsup.sock` must fit sockaddr_un's 108 bytes including the terminating NUL.
    @Test func runtimeDirectoryLengthLimit() throws {
        let fits = "/" + String(repeating: "r", count: 95)  // 96 + "/mcsup.sock" = 107 bytes
        let configuration = try MissionControlConfiguration(environment: ["MC_RUNTIME_DIR": fits])
        #expect(configuration.supervisorSocketPath.utf8.count == 107)

        let tooLong = fits + "r"
        let error = failure(["MC_RUNTIME_DIR": tooLong])
        #expect(error?.variable == "MC_RUNTIME_DIR")
        #expect(error?.message == "'\(tooLong)' is too long for a Unix socket path; use a shorter directory")
    }

    @Test func longDataDirectoryIsCaughtThroughTheDefaultRuntimeDirectory() {
        let error = failure(["MC_DATA_DIR": "/" + String(repeating: "d", count: 100)])
        #expect(error?.variable == "MC_RUNTIME_DIR")
        #expect(error?.message.contains("too long for a Unix socket path") == true)
    }

    @Test func environmentIsKeptForProcessSettings() throws {
        let configuration = try MissionControlConfiguration(environment: ["OPENCLAW_URL": "ws://x"])
        #expect(configuration.environment.string("OPENCLAW_URL") == "ws://x")
    }
}
