import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import NIOCore
import Testing

@testable import MCAPI

/// The web UI's files: page fallback for deep links, validators, gzip.
@Suite struct WebRoutesTests {
    /// A UI folder with an index page, a script and a binary file.
    static func folder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("public-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/js", withIntermediateDirectories: true)
        try "<!doctype html><title>UI</title>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try String(repeating: "export const x = 1;\n", count: 200).write(toFile: root + "/js/app.js", atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4e, 0x47]).write(to: URL(fileURLWithPath: root + "/logo.png"))
        try "hidden".write(toFile: root + "/.secret", atomically: true, encoding: .utf8)
        return root
    }

    @Test func pagesFallBackToTheIndexAndFilesAreServedWithTheirType() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = try await TestApplication(environment: ["MC_PUBLIC_DIR": folder])
        try await app.test { client in
            for path in ["/", "/agents/alpha", "/tasks?column=review"] {
                let page = try await client.execute(uri: path, method: .get)
                #expect(page.status == .ok)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.text.contains("<title>UI</title>"))
                #expect(page.headers[.cacheControl] == "no-cache")
            }
            let script = try await client.execute(uri: "/js/app.js", method: .get)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.contentEncoding] == nil)
            let png = try await client.execute(uri: "/logo.png", method: .get)
            #expect(png.headers[.contentType] == "image/png")
            let missing = try await client.execute(uri: "/js/missing.js", method: .get)
            #expect(missing.status == .notFound)
            let hidden = try await client.execute(uri: "/.secret", method: .get)
            // Dot files are never read: the path is a page path like any other.
            #expect(!hidden.text.contains("hidden"))
        }
    }

    @Test func gzipIsSentOnlyToClientsThatAcceptIt() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = try await TestApplication(environment: ["MC_PUBLIC_DIR": folder])
        try await app.test { client in
            let zipped = try await client.execute(uri: "/js/app.js", method: .get, headers: [.acceptEncoding: "br, gzip"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(Array(zipped.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            #expect(zipped.body.readableBytes < 4000 / 4)
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            let refused = try await client.execute(uri: "/js/app.js", method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)
            #expect(refused.body.readableBytes == 4000)
            // Binary files are never compressed.
            let png = try await client.execute(uri: "/logo.png", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(png.headers[.contentEncoding] == nil)
        }
    }

    @Test func aMatchingValidatorAnswers304() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = try await TestApplication(environment: ["MC_PUBLIC_DIR": folder])
        try await app.test { client in
            let first = try await client.execute(uri: "/js/app.js", method: .get)
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: "/js/app.js", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let zipped = try await client.execute(uri: "/js/app.js", method: .get, headers: [.acceptEncoding: "gzip"])
            let zippedTag = try #require(zipped.headers[.eTag])
            #expect(zippedTag != etag)
            let stale = try await client.execute(uri: "/js/app.js", method: .get, headers: [.ifNoneMatch: "\"other\""])
            #expect(stale.status == .ok)
        }
    }

    @Test func aMissingFolderIsAStartErrorAndNoFolderSaysHowToFixIt() async throws {
        await #expect(throws: ConfigurationError.self) {
            _ = try await TestApplication(environment: ["MC_PUBLIC_DIR": "/nonexistent/public"])
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let app = try await TestApplication(environment: ["MC_PUBLIC_DIR": empty])
        try await app.test { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .notFound)
            #expect(response.json["error"] as? String == "The web UI files were not found; set MC_PUBLIC_DIR to the Public folder")
        }
    }

    @Test func theRealUIIsFoundBesideTheBinaryAndFitsTheBudget() throws {
        let directory = try #require(StaticAssets.locate(environment: EnvironmentReader([:])))
        let assets = try StaticAssets(directory: directory)
        #expect(assets["/index.html"] != nil)
        // The budget: the whole UI, JS + CSS, uncompressed, under 200 KB.
        let size = assets.assets.filter { $0.key.hasSuffix(".js") || $0.key.hasSuffix(".css") }
            .reduce(0) { $0 + $1.value.body.readableBytes }
        #expect(size < 200_000)
        // The shell's modules are preloaded by the page (a page's own module is fetched by
        // main.js while the session is checked), and there is one stylesheet.
        let index = String(buffer: try #require(assets["/index.html"]).body)
        for path in assets.assets.keys where path.hasPrefix("/js/") && !path.hasPrefix("/js/panels/") && path != "/js/main.js" {
            #expect(index.contains("<link rel=\"modulepreload\" href=\"\(path)\">"), "\(path) is not preloaded")
        }
        #expect(assets.assets.keys.filter { $0.hasSuffix(".css") } == ["/css/app.css"])
    }
}
