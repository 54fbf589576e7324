import Testing

@testable import MCAPI

/// The semaphore that caps password hashing: FIFO order, cancellation, and no lost permits.
struct AsyncSemaphoreTests {
    /// Records the order in which waiters got their permit.
    actor Log {
        var entries: [String] = []
        func append(_ entry: String) { entries.append(entry) }
    }

    struct Failure: Error {}

    /// Waits until `count` tasks are queued on `semaphore`.
    static func waitForWaiters(_ semaphore: AsyncSemaphore, count: Int) async throws {
        while await semaphore.waiting < count {
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func freePermitsAreGrantedAtOnce() async throws {
        let semaphore = AsyncSemaphore(permits: 2)
        try await semaphore.acquire()
        try await semaphore.acquire()
        #expect(await semaphore.inUse == 2)
        await semaphore.release()
        await semaphore.release()
        #expect(await semaphore.inUse == 0)
        #expect(await semaphore.peakInUse == 2)
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        let log = Log()
        try await semaphore.acquire()
        var tasks: [Task<Void, any Error>] = []
        for (index, name) in ["first", "second", "third"].enumerated() {
            tasks.append(
                Task {
                    try await semaphore.acquire()
                    await log.append(name)
                    await semaphore.release()
                })
            // Queue them one by one so their arrival order is known.
            try await Self.waitForWaiters(semaphore, count: index + 1)
        }
        await semaphore.release()
        for task in tasks { try await task.value }
        #expect(await log.entries == ["first", "second", "third"])
        #expect(await semaphore.peakInUse == 1)
        #expect(await semaphore.inUse == 0)
    }

    @Test func cancelledWaiterLeavesTheQueueWithoutAPermit() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        try await Self.waitForWaiters(semaphore, count: 1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await semaphore.waiting == 0)
        #expect(await semaphore.inUse == 1)
        await semaphore.release()
        // The permit is free again: nobody took it on the cancelled waiter's behalf.
        #expect(await semaphore.inUse == 0)
        try await semaphore.acquire()
        await semaphore.release()
    }

    @Test func alreadyCancelledTaskDoesNotAcquire() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await semaphore.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await semaphore.inUse == 0)
    }

    @Test func withPermitReleasesWhenTheBodyThrows() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        await #expect(throws: Failure.self) {
            try await semaphore.withPermit { () async throws -> Int in throw Failure() }
        }
        #expect(await semaphore.inUse == 0)
        #expect(try await semaphore.withPermit { 42 } == 42)
        #expect(await semaphore.inUse == 0)
    }

    @Test func manyContendingTasksNeverExceedTheCap() async throws {
        let semaphore = AsyncSemaphore(permits: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await semaphore.withPermit { try await Task.sleep(for: .milliseconds(2)) }
                }
            }
            try await group.waitForAll()
        }
        #expect(await semaphore.peakInUse <= 3)
        #expect(await semaphore.inUse == 0)
        #expect(await semaphore.waiting == 0)
    }
}
