import Foundation
import MCShared
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The parts of configuration that touch the disk: the `.env` file and the private directories.
@Suite struct ConfigurationFilesTests {
    /// A fresh empty directory under /tmp, removed by `cleanup`.
    private func makeTemporaryDirectory() throws -> String {
        var template = Array("/tmp/mcshared-XXXXXX".utf8CString)
        let path = try #require(mkdtemp(&template))
        return String(cString: path)
    }

    private func cleanup(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The permission bits of `path`, or nil when it does not exist.
    private func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    @Test func processEnvironmentWinsOverEnvFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let file = directory + "/test.env"
        try "MC_PORT=4000\nMC_HOST=0.0.0.0\nFROM_FILE='yes'\n".write(toFile: file, atomically: true, encoding: .utf8)

        let merged = try MissionControlConfiguration.mergedEnvironment(processEnvironment: [
            "MC_ENV_FILE": file, "MC_PORT": "5000",
        ])
        #expect(merged["MC_PORT"] == "5000")
        #expect(merged["MC_HOST"] == "0.0.0.0")
        #expect(merged["FROM_FILE"] == "yes")

        let configuration = try MissionControlConfiguration.load(processEnvironment: ["MC_ENV_FILE": file])
        #expect(configuration.port == 4000)
    }

    @Test func missingEnvFileIsNoError() throws {
        let merged = try MissionControlConfiguration.mergedEnvironment(processEnvironment: [
            "MC_ENV_FILE": "/nonexistent/mc.env", "A": "1",
        ])
        #expect(merged == ["MC_ENV_FILE": "/nonexistent/mc.env", "A": "1"])
    }

    @Test func badEnvFileNamesFileAndLine() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let file = directory + "/bad.env"
        try "A=1\nB\n".write(toFile: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) {
            try MissionControlConfiguration.mergedEnvironment(processEnvironment: ["MC_ENV_FILE": file])
        }
        #expect(error?.message == "\(file) line 2: expected KEY=value")
    }

    @Test func prepareDirectoriesCreatesPrivateDirectories() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let configuration = try MissionControlConfiguration(environment: ["MC_DATA_DIR": directory + "/data"])
        try configuration.prepareDirectories()
        #expect(mode(configuration.dataDirectory) == 0o700)
        #expect(mode(configuration.runtimeDirectory) == 0o700)
        #expect(configuration.runtimeDirectory == directory + "/data/run")
        // Idempotent, and an existing directory that is too open is tightened.
        #expect(chmod(configuration.dataDirectory, 0o755) == 0)
        try configuration.prepareDirectories()
        #expect(mode(configuration.dataDirectory) == 0o700)
    }

    @Test func regularFileIsNotADirectory() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let file = directory + "/data"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try MissionControlConfiguration(environment: ["MC_DATA_DIR": file])
        let error = #expect(throws: ConfigurationError.self) { try configuration.prepareDirectories() }
        #expect(error?.variable == "MC_DATA_DIR")
        #expect(error?.message == "'\(file)' exists and is not a directory")
    }

    /// As root nothing is read-only, so the data directory is placed under a regular file.
    @Test func uncreatableDirectoryNamesVariable() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let file = directory + "/x-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try MissionControlConfiguration(environment: ["MC_DATA_DIR": file + "/sub"])
        let error = #expect(throws: ConfigurationError.self) { try configuration.prepareDirectories() }
        #expect(error?.variable == "MC_DATA_DIR")
        #expect(error?.description.hasPrefix("invalid configuration: MC_DATA_DIR: cannot create '\(file)/sub'") == true)
    }

    @Test func runtimeDirectoryErrorsNameItsVariable() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let file = directory + "/run-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try MissionControlConfiguration(environment: [
            "MC_DATA_DIR": directory + "/data", "MC_RUNTIME_DIR": file,
        ])
        let error = #expect(throws: ConfigurationError.self) { try configuration.prepareDirectories() }
        #expect(error?.variable == "MC_RUNTIME_DIR")
    }
}
