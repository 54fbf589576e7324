import CSodium

/// The one place libsodium is initialised.
///
/// `sodium_init()` picks the fastest implementations for this CPU and opens the random source;
/// calling a primitive before it is undefined behaviour. Every entry point of the Security
/// folder calls `ensureInitialized()`, so no caller has to remember to do it at start-up.
enum Sodium {
    /// Evaluated once, thread-safely, on first use (Swift runs a static initialiser exactly once).
    /// `sodium_init()` returns 0 on first success, 1 when already initialised, -1 on failure.
    private static let initialized: Bool = sodium_init() >= 0

    /// Initialises libsodium on first call; cheap afterwards.
    ///
    /// A failure (libsodium could not open its random source) stops the process: carrying on
    /// would mean issuing tokens and keys from an uninitialised generator.
    static func ensureInitialized() {
        precondition(initialized, "libsodium could not be initialised (sodium_init() failed)")
    }
}
