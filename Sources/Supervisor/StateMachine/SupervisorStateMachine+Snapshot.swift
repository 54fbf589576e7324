extension SupervisorStateMachine {
    /// Per-child status for `mcsup status`, in spec order.
    func snapshot(now: MonotonicInstant) -> [ChildStatus] {
        children.map { child in
            ChildStatus(
                id: child.id,
                phase: child.phase,
                restartPolicy: child.spec.restart,
                pid: child.pid,
                startedAt: child.startedAt,
                uptime: child.startedAt.map { now - $0 },
                readyAt: child.readyAt,
                restartsTotal: child.restartsTotal,
                restartsInWindow: child.restartTimes.filter {
                    RestartIntensity.isInWindow($0, now: now, window: policy.window)
                }.count,
                consecutiveFailures: child.consecutiveFailures,
                lastExit: child.lastExit,
                heartbeatAge: child.lastHeartbeat.map { now - $0 },
                nextRestartIn: child.phase == .backoff ? child.backoffUntil.map { $0 - now } : nil
            )
        }
    }

    /// The spec of a child, for the actor to spawn it.
    func spec(id: String) -> ChildSpec? {
        index(of: id).map { children[$0].spec }
    }

    /// The child whose current process is `pid`, for attributing output and IPC connections.
    func childID(pid: Int32) -> String? {
        children.first { $0.pid == pid }?.id
    }
}
