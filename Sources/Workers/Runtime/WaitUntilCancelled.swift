/// Suspends until the task is cancelled: the body of a job whose work arrives as events.
func waitUntilCancelled() async throws {
    while true {
        try await Task.sleep(for: .seconds(3600))
    }
}
