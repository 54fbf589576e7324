/// The last time a child stopped running: how, why, and when.
struct ExitRecord: Sendable, Equatable {
    /// How the process ended; `nil` when it never ran (spawn failed).
    var exit: ProcessExit?
    /// Why it ended, as shown to users.
    var reason: ExitReason
    /// When the supervisor learned of it.
    var at: MonotonicInstant
}
