extension SupervisorStateMachine {
    /// Why `child` ended with `exit`, from the user's point of view.
    func exitReason(of child: SupervisedChild, exit: ProcessExit) -> ExitReason {
        switch child.stopIntent {
        case .shutdown:
            return child.killReason ?? .shutdown
        case .restart:
            return child.killReason ?? .restart
        case .kill(let reason):
            // It may have exited on its own with EX_CONFIG just before our SIGKILL landed.
            return exit.isConfigurationError ? .config : reason
        case nil:
            if exit.isConfigurationError { return .config }
            if exit.isSuccess { return .normal }
            // Exiting before ready is a failed start, whatever the code or signal.
            return child.readyAt == nil ? .failedStart : .crashed
        }
    }

    /// Decides what follows an exit the supervisor did not ask for (or a kill for a hang or a
    /// start timeout): fatal, stopped, or a restart that may escalate.
    mutating func handleUnrequestedExit(
        at index: Int, reason: ExitReason, now: MonotonicInstant, into actions: inout [SupervisorAction]
    ) {
        let child = children[index]
        if isStopping {
            // No restarts while stopping the tree, whatever the policy.
            children[index].phase = .stopped
            actions.append(.report(.notRestarted(id: child.id, reason: reason, policy: child.spec.restart)))
        } else if reason == .config {
            children[index].phase = .fatal
            actions.append(.report(.fatal(id: child.id)))
        } else if child.spec.restart.restarts(after: reason) {
            scheduleRestart(at: index, now: now, into: &actions)
        } else {
            children[index].phase = .stopped
            actions.append(.report(.notRestarted(id: child.id, reason: reason, policy: child.spec.restart)))
        }
    }

    /// Counts an automatic restart against the intensity and spawns now (first failure in a
    /// row) or enters backoff; escalates when the intensity is exceeded.
    mutating func scheduleRestart(at index: Int, now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        guard intensity.recordRestart(now: now) else {
            escalate(refusing: index, now: now, into: &actions)
            return
        }
        children[index].consecutiveFailures += 1
        children[index].restartsTotal += 1
        children[index].restartTimes.removeAll { !RestartIntensity.isInWindow($0, now: now, window: policy.window) }
        children[index].restartTimes.append(now)

        let attempt = children[index].consecutiveFailures
        // Draw jitter only when it is used, so the sequence of delays depends on backoffs alone.
        let factor = attempt >= 2 ? jitter.factor(spread: policy.jitter) : 1
        let delay = policy.backoffDelay(consecutiveFailures: attempt, jitterFactor: factor)
        actions.append(.report(.restartScheduled(id: children[index].id, delay: delay, attempt: attempt)))
        if delay <= .zero {
            actions.append(spawnChild(at: index))
        } else {
            children[index].phase = .backoff
            children[index].backoffUntil = now + delay
        }
    }

    /// `mcsup restart <id>`: stops the child gracefully and spawns it again as soon as it has
    /// exited; a child that is not running is spawned at once.
    ///
    /// A manual restart is an operator's decision, not a failure: it does not count toward the
    /// restart intensity and it forgives the child's consecutive failures, so the new process
    /// starts without backoff. It also revives a `fatal` child (after the config was fixed).
    mutating func restartRequested(id: String, now: MonotonicInstant) throws(SupervisorStateMachineError)
        -> [SupervisorAction]
    {
        guard let index = index(of: id) else {
            let known = children.map(\.id).joined(separator: ", ")
            throw SupervisorStateMachineError(.unknownChild, "no child named '\(id)' (children: \(known))")
        }
        switch lifecycle {
        case .idle:
            throw SupervisorStateMachineError(.notSupervising, "cannot restart '\(id)': children not started yet")
        case .stopping, .exited:
            throw SupervisorStateMachineError(.notSupervising, "cannot restart '\(id)': the supervisor is stopping")
        case .startingInOrder, .supervising:
            break
        }
        var actions: [SupervisorAction] = [.report(.restartRequested(id: id))]
        children[index].consecutiveFailures = 0
        let child = children[index]
        switch child.phase {
        case .backoff, .fatal, .stopped:
            actions.append(spawnChild(at: index))
        case .starting where child.pid == nil:
            // A spawn is already in flight: the new process is the restart.
            break
        case .starting, .running:
            actions += beginGracefulStop(at: index, intent: .restart, now: now)
        case .stopping:
            // Already being killed (hung, start timeout): spawn at once when it exits.
            children[index].stopIntent = .restart
        }
        settle(now: now, into: &actions)
        return actions
    }
}
