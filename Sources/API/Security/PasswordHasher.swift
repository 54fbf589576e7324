import NIOPosix

/// Hashes new passwords with Argon2id and verifies stored ones, Argon2id or the original's scrypt.
///
/// Both algorithms are deliberately slow and memory-hard (about 64 MiB each), so every
/// operation here takes a permit from a semaphore (2 at a time by default) and runs on a
/// dedicated thread pool: blocking the cooperative pool for tens of milliseconds per login
/// would stall every other request on the 2-core machines this runs on.
struct PasswordHasher: Sendable {
    /// Concurrent hash or verify operations allowed process-wide by `shared`.
    static let maximumConcurrentOperations = 2

    /// The hasher the application uses: one cap and one thread pool for the whole process.
    static let shared = PasswordHasher(permits: sharedPermits, threads: sharedThreads)

    private static let sharedPermits = AsyncSemaphore(permits: maximumConcurrentOperations)

    /// The threads the hashing runs on. Started once and never shut down: it lives as long as
    /// the process, like `shared`.
    /// As many threads as permits, so a permit holder never waits for a thread.
    static let sharedThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: maximumConcurrentOperations)
        pool.start()
        return pool
    }()

    /// Caps concurrent operations; exposed so tests can read its peak.
    let permits: AsyncSemaphore
    private let threads: NIOThreadPool

    /// Creates a hasher with its own cap; `threads` must be started and outlive the hasher.
    /// Tests use this to observe a cap in isolation; the application uses `shared`.
    init(permits: AsyncSemaphore, threads: NIOThreadPool = Self.sharedThreads) {
        self.permits = permits
        self.threads = threads
    }

    /// Hashes `password` with Argon2id (INTERACTIVE limits, random salt): `$argon2id$...`.
    ///
    /// Throws `CancellationError` if the task is cancelled while waiting for its turn, and
    /// `CredentialCryptoError(.hashingFailed)` if libsodium cannot allocate the memory.
    func hash(_ password: String) async throws -> String {
        Sodium.ensureInitialized()
        let bytes = Array(password.utf8)
        return try await run { try Argon2id.hash(bytes) }
    }

    /// Checks `password` against `stored`, an Argon2id string or an imported `<salt>:<hash>`.
    ///
    /// Malformed or unknown formats are `.invalid` without any hashing; so is a task cancelled
    /// while waiting for its turn (a login that nobody waits for must not succeed).
    func verify(_ password: String, against stored: String) async -> PasswordVerification {
        Sodium.ensureInitialized()
        let bytes = Array(password.utf8)
        let work: @Sendable () -> PasswordVerification
        if stored.hasPrefix(Argon2id.prefix) {
            work = { Argon2id.verify(bytes, against: stored) }
        } else if let legacy = LegacyScryptHash(stored) {
            work = { legacy.verify(bytes) }
        } else {
            return .invalid
        }
        return (try? await run(work)) ?? .invalid
    }

    /// Verifies `password` against a fixed dummy hash and discards the result, so a login for
    /// an unknown, unapproved or external user takes as long as one with a wrong password and
    /// response times do not reveal which usernames exist (reference §3.1).
    func dummyVerify(_ password: String) async {
        _ = await verify(password, against: Argon2id.dummyHash)
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let threads = self.threads
        return try await permits.withPermit { try await threads.runIfActive(work) }
    }
}
