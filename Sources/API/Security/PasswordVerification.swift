/// The outcome of checking a password against a stored hash.
enum PasswordVerification: Sendable, Equatable {
    /// The password matches and the stored hash is current.
    case valid
    /// The password matches, but the stored hash is an imported scrypt hash or Argon2id with
    /// weaker parameters than today's: the caller should store a fresh `PasswordHasher.hash`.
    case validNeedsRehash
    /// The password does not match, or the stored hash is malformed or of an unknown kind.
    case invalid

    /// True for both valid cases.
    var isValid: Bool { self != .invalid }
}
