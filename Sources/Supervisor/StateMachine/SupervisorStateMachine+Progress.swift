extension SupervisorStateMachine {
    /// Runs after every event: moves the in-order start or the shutdown along, sends
    /// `READY=1` once, refreshes `STATUS=` if its line changed, and emits `.exit` last.
    mutating func settle(now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        var exitCode: Int32?
        switch lifecycle {
        case .startingInOrder(let next):
            advanceInitialStart(from: next, into: &actions)
        case .stopping(let code):
            if advanceShutdown(now: now, into: &actions) {
                exitCode = code
            }
        case .idle, .supervising, .exited:
            break
        }
        let line = statusLine()
        if line != lastStatusLine {
            lastStatusLine = line
            actions.append(.notifyStatus(line))
        }
        if let exitCode {
            lifecycle = .exited
            actions.append(.report(.allStopped))
            actions.append(.exit(code: exitCode))
        }
    }

    /// Spawns the next child of the initial start once the current one has settled. A child
    /// that is fatal or backing off does not hold up the others (nor `READY=1`): the workers
    /// reconnect to the API on their own.
    private mutating func advanceInitialStart(from next: Int, into actions: inout [SupervisorAction]) {
        var next = next
        while next < children.count, children[next].hasSettled {
            next += 1
            // A manual restart may already have spawned it.
            if next < children.count, !children[next].everSpawned {
                actions.append(spawnChild(at: next))
            }
        }
        if next < children.count {
            lifecycle = .startingInOrder(next: next)
            return
        }
        lifecycle = .supervising
        if !readyNotified {
            readyNotified = true
            actions.append(.notifyReady)
        }
    }

    /// The one-line `STATUS=` summary: `4/4 running`, `starting: 1/4 running`,
    /// `degraded: 3/4 running; gateway fatal`, `stopping: 2/4 running`.
    func statusLine() -> String {
        let running = children.filter { $0.phase == .running }.count
        let counts = "\(running)/\(children.count) running"
        switch lifecycle {
        case .idle:
            return "idle"
        case .startingInOrder:
            return "starting: \(counts)"
        case .stopping, .exited:
            return "stopping: \(counts)"
        case .supervising:
            // A transient or temporary child that finished cleanly is done, not a problem.
            let problems = children.filter {
                $0.phase != .running && !($0.phase == .stopped && $0.lastExit?.reason == .normal)
            }
            guard !problems.isEmpty else { return counts }
            let details = problems.map { "\($0.id) \($0.phase.rawValue)" }.joined(separator: ", ")
            return "degraded: \(counts); \(details)"
        }
    }
}
