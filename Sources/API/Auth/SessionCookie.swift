import Hummingbird

/// The session cookie (reference §3.3): HttpOnly, SameSite=Strict, path `/`, 7 days; named
/// `__Host-mc-session` with `Secure` when the request came over TLS (directly or through a
/// trusted proxy saying `X-Forwarded-Proto: https`), `mc-session` otherwise.
enum SessionCookie {
    static let name = "mc-session"
    static let secureName = "__Host-mc-session"
    /// Session lifetime: 7 days, absolute.
    static let lifetime: Int64 = 7 * 24 * 3600

    /// The cookie carrying `token`.
    static func issue(token: String, secure: Bool, maxAge: Int64 = lifetime) -> Cookie {
        Cookie(
            name: secure ? secureName : name, value: token, maxAge: Int(maxAge), path: "/", secure: secure,
            httpOnly: true, sameSite: .strict)
    }

    /// The cookie that removes the session cookie (Max-Age 0).
    static func clear(secure: Bool) -> Cookie {
        Cookie(name: secure ? secureName : name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}
