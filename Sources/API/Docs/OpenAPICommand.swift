import Foundation
import MCShared

#if canImport(Glibc)
import Glibc
#endif

/// `mc-api openapi`: prints the OpenAPI document of this build to stdout, built from the same
/// route table the server registers (on a throwaway database).
enum OpenAPICommand {
    static func run() async {
        let directory = NSTemporaryDirectory() + "mc-openapi-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let configuration = try MissionControlConfiguration(environment: ["MC_DATA_DIR": directory])
            try configuration.prepareDirectories()
            let pool = try DatabaseFactory.open(path: configuration.databasePath)
            let routes = buildRoutes(try APIDependencies(configuration: configuration, pool: pool)).routes
            let document = OpenAPIDocument.build(routes, version: MissionControlVersion.current)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(document))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("mc-api openapi: \(error)\n".utf8))
            exit(ExitCode.failure)
        }
    }
}
