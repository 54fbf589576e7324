import Foundation
import MCWebhooks
import Testing

/// Signatures checked against Python's `hmac`/`hashlib`/`base64`, an implementation that shares
/// nothing with libsodium or this module.
@Suite struct WebhookSignatureTests {
    /// Runs Python on `script` with `arguments` (each passed base64-encoded, so any bytes survive
    /// the command line) and returns its trimmed standard output.
    func python(_ script: String, _ arguments: [[UInt8]]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let prelude = "import sys, hmac, hashlib, base64\nargs = [base64.b64decode(a) for a in sys.argv[1:]]\n"
        process.arguments = ["python3", "-c", prelude + script] + arguments.map { Data($0).base64EncodedString() }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let bodies: [String] = [
        #"{"data":{"id":1},"event":"activity.task_created","timestamp":1700000000}"#,
        #"{"data":{"title":"Grüße 🚀"},"event":"test.ping","timestamp":1700000000}"#,
        "",
    ]
    static let secrets = [
        "9f2c1e6b0a4d8f7e3c5b1a2d4e6f8a0b9f2c1e6b0a4d8f7e3c5b1a2d4e6f8a0b",  // 64 hex chars, as generated
        "short",
        String(repeating: "k", count: 200),  // longer than SHA-256's 64-byte block: hashed first
        "päss🔑",
    ]

    @Test(arguments: bodies, secrets)
    func mcSignatureMatchesPython(body: String, secret: String) throws {
        let expected = try python(
            "print('sha256=' + hmac.new(args[0], args[1], hashlib.sha256).hexdigest())",
            [Array(secret.utf8), Array(body.utf8)])
        #expect(WebhookSignature.mcSignature(secret: secret, body: Array(body.utf8)) == expected)
    }

    @Test(arguments: bodies, secrets)
    func standardSignatureMatchesPython(body: String, secret: String) throws {
        let expected = try python(
            """
            msg = args[1] + b'.' + args[2] + b'.' + args[3]
            print('v1,' + base64.b64encode(hmac.new(args[0], msg, hashlib.sha256).digest()).decode())
            """,
            [Array(secret.utf8), Array("msg_42_7".utf8), Array("1700000123".utf8), Array(body.utf8)])
        let signature = WebhookSignature.standardSignature(
            secret: secret, id: "msg_42_7", timestamp: 1_700_000_123, body: Array(body.utf8))
        #expect(signature == expected)
    }

    @Test func whsecSecretIsBase64DecodedLikePython() throws {
        let key: [UInt8] = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        let secret = "whsec_" + Data(key).base64EncodedString()
        let body = Array("Grüße 🚀".utf8)
        let expected = try python(
            "print('v1,' + base64.b64encode(hmac.new(args[0], b'id.5.' + args[1], hashlib.sha256).digest()).decode())",
            [key, body])
        #expect(WebhookSignature.standardSignature(secret: secret, id: "id", timestamp: 5, body: body) == expected)
        #expect(WebhookSignature.standardKey(secret: secret) == key)
    }

    /// The Standard Webhooks specification's published vector.
    @Test func standardWebhooksSpecVector() {
        let signature = WebhookSignature.standardSignature(
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func plainSecretsUseTheirUTF8BytesAndConvertForLibraries() {
        #expect(WebhookSignature.standardKey(secret: "abc") == Array("abc".utf8))
        #expect(WebhookSignature.standardKey(secret: "whsec_!!!") == Array("whsec_!!!".utf8))
        #expect(WebhookSignature.standardKey(secret: "whsec_") == Array("whsec_".utf8))
        #expect(WebhookSignature.standardWebhooksSecret(for: "abc") == "whsec_YWJj")
        #expect(WebhookSignature.standardWebhooksSecret(for: "whsec_YWJj") == "whsec_YWJj")
        #expect(WebhookSignature.standardWebhooksSecret(for: "whsec_") == "whsec_d2hzZWNf")
        // The converted secret signs exactly like the original one.
        let body = Array("{}".utf8)
        #expect(
            WebhookSignature.standardSignature(secret: "abc", id: "i", timestamp: 1, body: body)
                == WebhookSignature.standardSignature(
                    secret: WebhookSignature.standardWebhooksSecret(for: "abc"), id: "i", timestamp: 1, body: body))
    }

    @Test func verifiesInConstantTime() {
        let body = Array("Grüße 🚀".utf8)
        let header = WebhookSignature.mcSignature(secret: "s", body: body)
        #expect(WebhookSignature.verifyMCSignature(header, secret: "s", body: body))
        #expect(!WebhookSignature.verifyMCSignature(header, secret: "t", body: body))
        #expect(!WebhookSignature.verifyMCSignature(String(header.dropLast()), secret: "s", body: body))
        #expect(HMACSHA256.constantTimeEqual([], []))
        #expect(!HMACSHA256.constantTimeEqual([1], [2]))
    }
}
