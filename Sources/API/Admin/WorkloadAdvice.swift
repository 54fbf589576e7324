import Foundation
import MCShared

/// The submission advice of `/api/workload` (reference §9.1): a pure function of the measured
/// figures and the thresholds. Levels only escalate, in the order of `Action`; no agents online
/// overrides everything with `pause`.
struct WorkloadAdvice: Sendable, Equatable {
    enum Action: Int, Sendable, Comparable {
        case normal, throttle, shed, pause

        var name: String { ["normal", "throttle", "shed", "pause"][rawValue] }
        var reason: String {
            switch self {
            case .normal: "System healthy: submit work normally"
            case .throttle: "System under load: slow down submissions"
            case .shed: "System overloaded: submit only critical work"
            case .pause: "No capacity: hold submissions until agents are online"
            }
        }
        var suggestedDelayMs: Int { [0, 2000, 10_000, 30_000][rawValue] }
        static func < (a: Action, b: Action) -> Bool { a.rawValue < b.rawValue }
    }

    /// What the advice is computed from.
    struct Inputs: Sendable {
        var errorRate: Double
        var totalPending: Int
        var busyRatio: Double
        var online: Int
        var totalAgents: Int
    }

    var action: Action = .normal
    var details: [String] = []

    init(_ inputs: Inputs, thresholds: WorkloadThresholds) {
        func escalate(_ level: Action, _ detail: String) {
            action = max(action, level)
            details.append(detail)
        }
        let errorPercent = String(format: "%.1f%%", inputs.errorRate * 100)
        if inputs.errorRate >= thresholds.errorRateShed {
            escalate(.shed, "High error rate: \(errorPercent)")
        } else if inputs.errorRate >= thresholds.errorRateThrottle {
            escalate(.throttle, "Elevated error rate: \(errorPercent)")
        }
        let pending = Double(inputs.totalPending)
        if pending >= thresholds.queueDepthShed {
            escalate(.shed, "Queue depth critical: \(inputs.totalPending) pending tasks")
        } else if pending >= thresholds.queueDepthThrottle {
            escalate(.throttle, "Queue depth high: \(inputs.totalPending) pending tasks")
        }
        let busyPercent = Int((inputs.busyRatio * 100).rounded())
        if inputs.busyRatio >= thresholds.busyRatioShed {
            escalate(.shed, "Agent saturation critical: \(busyPercent)% busy")
        } else if inputs.busyRatio >= thresholds.busyRatioThrottle {
            escalate(.throttle, "Agent saturation high: \(busyPercent)% busy")
        }
        if inputs.online == 0 {
            escalate(.pause, inputs.totalAgents == 0 ? "No agents registered" : "No agents online")
        }
    }

    var json: JSONValue {
        [
            "action": .string(action.name), "reason": .string(action.reason),
            "details": .array((details.isEmpty ? ["All metrics within normal bounds"] : details).map(JSONValue.string)),
            "submit_ok": .bool(action <= .throttle), "suggested_delay_ms": .number(Double(action.suggestedDelayMs)),
        ]
    }
}
