extension SupervisorStateMachine {
    /// SIGTERM/SIGINT or `mcsup stop`: stops every child in reverse spec order, one at a time,
    /// then emits `.exit(code: 0)`. A second request while stopping changes nothing.
    mutating func stopRequested(now: MonotonicInstant) -> [SupervisorAction] {
        switch lifecycle {
        case .stopping, .exited:
            return []
        case .idle, .startingInOrder, .supervising:
            var actions: [SupervisorAction] = []
            beginShutdown(exitCode: 0, now: now, into: &actions)
            settle(now: now, into: &actions)
            return actions
        }
    }

    /// Restart intensity exceeded: refuse the restart of the child at `index`, stop the tree,
    /// and exit 1 so that systemd's `Restart=on-failure` takes over with its own limits.
    mutating func escalate(refusing index: Int, now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        children[index].phase = .stopped
        actions.append(
            .report(
                .escalation(
                    id: children[index].id, restarts: intensity.count(now: now), window: policy.window)))
        beginShutdown(exitCode: 1, now: now, into: &actions)
    }

    /// Enters `.stopping`. Children without a process are marked stopped at once, so no timer
    /// can respawn them; children already being stopped or killed will not be respawned either.
    /// `advanceShutdown` (from `settle`) then walks the queue.
    mutating func beginShutdown(exitCode: Int32, now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        lifecycle = .stopping(exitCode: exitCode)
        actions.append(.notifyStopping)
        actions.append(.report(.stopping(exitCode: exitCode)))
        for index in children.indices {
            switch children[index].phase {
            case .backoff, .fatal, .stopped:
                children[index].phase = .stopped
                children[index].backoffUntil = nil
            case .stopping:
                children[index].stopIntent = .shutdown
            case .starting, .running:
                break
            }
        }
        shutdownQueue = Array(children.indices.reversed())
    }

    /// Stops the child at the head of the queue and waits for it; returns `true` once every
    /// child is stopped. Idempotent: called after every event while stopping.
    mutating func advanceShutdown(now: MonotonicInstant, into actions: inout [SupervisorAction]) -> Bool {
        while let index = shutdownQueue.first {
            let child = children[index]
            switch child.phase {
            case .backoff, .fatal, .stopped:
                children[index].phase = .stopped
                children[index].backoffUntil = nil
                shutdownQueue.removeFirst()
            case .starting where child.pid == nil:
                // A spawn is in flight; `spawned` or `spawnFailed` will bring us back here.
                return false
            case .starting, .running:
                actions += beginGracefulStop(at: index, intent: .shutdown, now: now)
                return false
            case .stopping:
                children[index].stopIntent = .shutdown
                return false
            }
        }
        return true
    }

    /// Asks the child to stop (IPC `shutdown`, then SIGTERM) and arms its shutdown timeout,
    /// after which `tick` sends SIGKILL.
    mutating func beginGracefulStop(
        at index: Int, intent: SupervisedChild.StopIntent, now: MonotonicInstant
    ) -> [SupervisorAction] {
        guard let pid = children[index].pid else { return [] }
        let id = children[index].id
        children[index].phase = .stopping
        children[index].stopIntent = intent
        children[index].stopDeadline = now + children[index].spec.shutdownTimeout
        return [.sendShutdown(id: id, pid: pid), .signal(id: id, pid: pid, .terminate)]
    }
}
