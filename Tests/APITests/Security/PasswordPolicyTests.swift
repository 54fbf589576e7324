import Testing

@testable import MCAPI

/// The original's password rules and messages.
struct PasswordPolicyTests {
    @Test func twelveCharactersIsTheMinimum() {
        #expect(PasswordPolicy.validate("12345678901") == "Password must be at least 12 characters")
        #expect(PasswordPolicy.validate("123456789012") == nil)
        #expect(PasswordPolicy.validate("") == "Password must be at least 12 characters")
    }

    @Test func callersNameTheField() {
        #expect(
            PasswordPolicy.validate("short", subject: "New password") == "New password must be at least 12 characters")
    }

    @Test func lengthCountsUTF16UnitsAsTheOriginalDid() {
        // Six emoji are twelve UTF-16 code units: JavaScript's `length` is 12, so it passes.
        #expect(PasswordPolicy.validate(String(repeating: "\u{1F511}", count: 6)) == nil)
        #expect(PasswordPolicy.validate(String(repeating: "\u{E9}", count: 11)) != nil)
    }

    @Test(arguments: ["admin", "password", "change-me-on-first-login", "changeme", "testpass123"])
    func insecurePasswordsAreRecognised(password: String) {
        #expect(PasswordPolicy.isInsecure(password))
    }

    @Test func insecureSetIsOnlyRejectedWhenAsked() {
        #expect(PasswordPolicy.validate("change-me-on-first-login") == nil)
        #expect(
            PasswordPolicy.validate("change-me-on-first-login", rejectingInsecure: true)
                == PasswordPolicy.tooCommonMessage)
        // Length is reported first, as for any short password.
        #expect(PasswordPolicy.validate("admin", rejectingInsecure: true) == "Password must be at least 12 characters")
        #expect(PasswordPolicy.validate("Change-Me-On-First-Login", rejectingInsecure: true) == nil)
    }
}
