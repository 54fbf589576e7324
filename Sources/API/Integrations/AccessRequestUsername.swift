/// The username an approved Google user gets (reference §7.1): the e-mail's local part with
/// everything but ASCII letters, digits, `.`, `_` and `-` removed, lowercased, at most 28
/// characters (`user` when nothing is left); when taken, the base cut to 24 characters plus
/// `-1`, `-2`, … until one is free.
enum AccessRequestUsername {
    /// Longest base name.
    static let maximumLength = 28
    /// Length the base is cut to before a `-<n>` suffix.
    static let suffixedBaseLength = 24

    /// The base name derived from `email`.
    static func base(fromEmail email: String) -> String {
        let localPart = email.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let kept = localPart.unicodeScalars.filter { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
        let cleaned = String(String.UnicodeScalarView(kept)).lowercased()
        return String((cleaned.isEmpty ? "user" : cleaned).prefix(maximumLength))
    }

    /// The first free name: `base` itself, else `<base cut to 24>-1`, `-2`, …
    static func unique(_ base: String, isTaken: (String) throws -> Bool) rethrows -> String {
        var candidate = base
        var suffix = 0
        while try isTaken(candidate) {
            suffix += 1
            candidate = "\(base.prefix(suffixedBaseLength))-\(suffix)"
        }
        return candidate
    }
}
