extension SupervisorStateMachine {
    /// Fires every timer that is due at `now`: start timeouts and hangs (SIGKILL), backoff
    /// expiry (spawn), shutdown timeouts (SIGKILL), and stability (forgive failures).
    ///
    /// Killed children are restarted when their exit arrives, not here: the process is only
    /// gone once `waitpid` says so, and a new one must not overlap it.
    mutating func tick(now: MonotonicInstant) -> [SupervisorAction] {
        guard isAcceptingEvents else { return [] }
        var actions: [SupervisorAction] = []
        for index in children.indices {
            let child = children[index]
            switch child.phase {
            case .starting:
                if let deadline = startDeadline(of: child), deadline <= now, let pid = child.pid {
                    let waited = child.startedAt.map { now - $0 } ?? .zero
                    actions.append(.report(.startTimeout(id: child.id, pid: pid, waited: waited)))
                    actions.append(kill(at: index, pid: pid, reason: .startTimeout))
                }
            case .running:
                if let deadline = stableDeadline(of: child), deadline <= now {
                    children[index].consecutiveFailures = 0
                    actions.append(.report(.stable(id: child.id)))
                }
                if let deadline = hangDeadline(of: child), deadline <= now, let pid = child.pid {
                    let silence = child.lastHeartbeat.map { now - $0 } ?? .zero
                    actions.append(.report(.hung(id: child.id, pid: pid, silence: silence)))
                    actions.append(kill(at: index, pid: pid, reason: .hung))
                }
            case .backoff:
                if let deadline = backoffDeadline(of: child), deadline <= now {
                    actions.append(spawnChild(at: index))
                }
            case .stopping:
                if let deadline = child.stopDeadline, deadline <= now, let pid = child.pid {
                    children[index].stopDeadline = nil
                    children[index].killReason = .killed
                    actions.append(.report(.stopTimeout(id: child.id, pid: pid)))
                    actions.append(.signal(id: child.id, pid: pid, .kill))
                }
            case .stopped, .fatal:
                break
            }
        }
        settle(now: now, into: &actions)
        return actions
    }

    /// The earliest instant at which `tick` would do something, or `nil` if no timer is armed
    /// (the actor then sleeps until the next event).
    func nextDeadline() -> MonotonicInstant? {
        guard isAcceptingEvents else { return nil }
        var deadlines: [MonotonicInstant] = []
        for child in children {
            switch child.phase {
            case .starting:
                deadlines += [startDeadline(of: child)].compactMap { $0 }
            case .running:
                deadlines += [stableDeadline(of: child), hangDeadline(of: child)].compactMap { $0 }
            case .backoff:
                deadlines += [backoffDeadline(of: child)].compactMap { $0 }
            case .stopping:
                deadlines += [child.stopDeadline].compactMap { $0 }
            case .stopped, .fatal:
                break
            }
        }
        return deadlines.min()
    }

    /// Start and hang timers are off while stopping the tree: each child gets its graceful stop
    /// and shutdown timeout when its turn comes, and killing it earlier would gain nothing.
    private func startDeadline(of child: SupervisedChild) -> MonotonicInstant? {
        guard !isStopping, child.pid != nil, let startedAt = child.startedAt else { return nil }
        return startedAt + child.spec.startTimeout
    }

    private func hangDeadline(of child: SupervisedChild) -> MonotonicInstant? {
        guard !isStopping, let lastHeartbeat = child.lastHeartbeat else { return nil }
        return lastHeartbeat + child.spec.hangTimeout
    }

    /// Only armed while there are failures to forgive.
    private func stableDeadline(of child: SupervisedChild) -> MonotonicInstant? {
        guard child.consecutiveFailures > 0, let readyAt = child.readyAt else { return nil }
        return readyAt + policy.stableAfter
    }

    private func backoffDeadline(of child: SupervisedChild) -> MonotonicInstant? {
        guard !isStopping else { return nil }
        return child.backoffUntil
    }

    /// Sends SIGKILL for a hang or start timeout; the restart decision waits for the exit.
    private mutating func kill(at index: Int, pid: Int32, reason: ExitReason) -> SupervisorAction {
        children[index].phase = .stopping
        children[index].stopIntent = .kill(reason: reason)
        children[index].killReason = reason
        children[index].stopDeadline = nil
        return .signal(id: children[index].id, pid: pid, .kill)
    }
}
