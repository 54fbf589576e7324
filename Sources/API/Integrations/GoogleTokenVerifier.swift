import Foundation
import HTTPTypes
import MCShared
import NIOHTTP1

/// Checks a Google ID token with Google's tokeninfo endpoint (reference §3.7 step 2) and
/// returns who it identifies. Every refusal is a 400 with the original's message.
///
/// Difference from the original: it accepted tokens issued for any application when no client
/// id was configured; here Google sign-in is off until `GOOGLE_CLIENT_ID` is set, so the
/// audience is always checked.
struct GoogleTokenVerifier: Sendable {
    /// Google's tokeninfo endpoint; `MC_GOOGLE_TOKENINFO_URL` replaces it (tests, proxies).
    static let defaultTokenInfoURL = "https://oauth2.googleapis.com/tokeninfo"

    /// The OAuth client id tokens must be issued for; nil when sign-in is not configured.
    let clientID: String?
    let tokenInfoURL: String

    /// A verified Google identity.
    struct Profile: Sendable, Equatable {
        var subject: String
        var email: String
        var name: String?
        var picture: String?
    }

    /// Reads `GOOGLE_CLIENT_ID` (or the original's `NEXT_PUBLIC_GOOGLE_CLIENT_ID`) and
    /// `MC_GOOGLE_TOKENINFO_URL`.
    init(environment: EnvironmentReader) {
        let clientID = environment.string("GOOGLE_CLIENT_ID") ?? environment.string("NEXT_PUBLIC_GOOGLE_CLIENT_ID")
        self.clientID = clientID?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        self.tokenInfoURL = environment.string("MC_GOOGLE_TOKENINFO_URL") ?? Self.defaultTokenInfoURL
    }

    /// The identity `credential` proves, or a 400 saying why not (502 when Google could not be
    /// asked at all).
    func verify(_ credential: String?) async throws -> Profile {
        guard let clientID else { throw APIError(.badRequest, "Google sign-in is not configured") }
        let token = (credential ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw APIError(.badRequest, "Missing Google credential") }
        let answer: OutboundHTTP.Response
        do {
            answer = try await OutboundHTTP.send(.GET, tokenInfoURL + "?id_token=" + OutboundHTTP.escaped(token))
        } catch {
            throw APIError(.badGateway, "Could not reach Google to verify the token")
        }
        guard answer.isSuccess, let payload = answer.json else { throw APIError(.badRequest, "Invalid Google token") }
        return try Self.profile(payload, clientID: clientID)
    }

    /// Checks a tokeninfo answer: audience, required fields, verified e-mail.
    static func profile(_ payload: JSONValue, clientID: String) throws -> Profile {
        guard payload["aud"]?.stringValue == clientID else {
            throw APIError(.badRequest, "Google token audience mismatch")
        }
        guard let email = payload["email"]?.stringValue?.trimmingCharacters(in: .whitespaces).lowercased(),
            !email.isEmpty,
            let subject = payload["sub"]?.stringValue?.trimmingCharacters(in: .whitespaces), !subject.isEmpty
        else { throw APIError(.badRequest, "Google token missing required identity fields") }
        // tokeninfo sends "true" as a string; a decoded ID token has a boolean.
        guard payload["email_verified"] == .bool(true) || payload["email_verified"] == .string("true") else {
            throw APIError(.badRequest, "Google email is not verified")
        }
        return Profile(
            subject: subject, email: email,
            name: payload["name"]?.stringValue?.trimmingCharacters(in: .whitespaces).nilIfEmpty,
            picture: payload["picture"]?.stringValue?.nilIfEmpty)
    }
}

extension String {
    /// nil for the empty string.
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
