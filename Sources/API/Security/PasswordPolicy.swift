/// The original's password rules: at least 12 characters everywhere a password is set, and, for
/// the first admin account, none of the well-known defaults.
enum PasswordPolicy {
    /// Minimum length, counted as JavaScript does (UTF-16 code units), so a password the original
    /// accepted is accepted here and vice versa.
    static let minimumLength = 12

    /// Passwords refused for the first admin (setup wizard and `AUTH_PASS`): shipped defaults
    /// and examples from the original's documentation. Compared exactly, as the original does.
    static let insecurePasswords: Set<String> = [
        "admin", "password", "change-me-on-first-login", "changeme", "testpass123",
    ]

    /// The setup wizard's message for a password in `insecurePasswords`.
    static let tooCommonMessage = "That password is too common. Please choose a different one."

    /// The message for a password that is too short, e.g. "New password must be at least 12
    /// characters" with `subject` "New password" (`PATCH /api/auth/me`).
    static func tooShortMessage(subject: String = "Password") -> String {
        "\(subject) must be at least \(minimumLength) characters"
    }

    /// True for a password in the insecure set.
    static func isInsecure(_ password: String) -> Bool {
        insecurePasswords.contains(password)
    }

    /// Nil when `password` is acceptable, else the message to return with a 400.
    ///
    /// - Parameters:
    ///   - subject: how the message names the field ("Password", "New password").
    ///   - rejectingInsecure: also refuse the insecure set (first-admin setup only).
    static func validate(_ password: String, subject: String = "Password", rejectingInsecure: Bool = false)
        -> String?
    {
        if password.utf16.count < minimumLength { return tooShortMessage(subject: subject) }
        if rejectingInsecure, isInsecure(password) { return tooCommonMessage }
        return nil
    }
}
