import Foundation
import MCShared

/// The `/api/workload` thresholds (reference §9.1), from `MC_WORKLOAD_*` variables.
///
/// Unlike the original, which took any `Number(...)` (so a typo became `NaN` and silently
/// disabled a check), a value that is not a finite, non-negative number — or a ratio above 1 —
/// is a configuration error naming the variable.
struct WorkloadThresholds: Sendable, Equatable {
    var queueDepthNormal: Double = 20
    var queueDepthThrottle: Double = 50
    var queueDepthShed: Double = 100
    var busyRatioThrottle: Double = 0.8
    var busyRatioShed: Double = 0.95
    var errorRateThrottle: Double = 0.1
    var errorRateShed: Double = 0.25
    /// The "recent" window of the capacity figures; at least 1 s, whole seconds.
    var recentWindowSeconds: Int64 = 300

    /// The defaults.
    init() {}

    /// Reads the overrides from `environment`.
    init(environment: EnvironmentReader) throws(ConfigurationError) {
        func number(_ name: String, _ value: inout Double, ratio: Bool = false) throws(ConfigurationError) {
            guard let raw = environment.string(name) else { return }
            guard let parsed = Double(raw.trimmingCharacters(in: .whitespaces)), parsed.isFinite, parsed >= 0,
                !ratio || parsed <= 1
            else {
                throw ConfigurationError(name, "expected a \(ratio ? "ratio from 0 to 1" : "non-negative number"), got '\(raw)'")
            }
            value = parsed
        }
        try number("MC_WORKLOAD_QUEUE_DEPTH_NORMAL", &queueDepthNormal)
        try number("MC_WORKLOAD_QUEUE_DEPTH_THROTTLE", &queueDepthThrottle)
        try number("MC_WORKLOAD_QUEUE_DEPTH_SHED", &queueDepthShed)
        try number("MC_WORKLOAD_BUSY_RATIO_THROTTLE", &busyRatioThrottle, ratio: true)
        try number("MC_WORKLOAD_BUSY_RATIO_SHED", &busyRatioShed, ratio: true)
        try number("MC_WORKLOAD_ERROR_RATE_THROTTLE", &errorRateThrottle, ratio: true)
        try number("MC_WORKLOAD_ERROR_RATE_SHED", &errorRateShed, ratio: true)
        var window = Double(recentWindowSeconds)
        try number("MC_WORKLOAD_RECENT_WINDOW_SECONDS", &window)
        guard window <= 86_400 * 365 else {
            throw ConfigurationError("MC_WORKLOAD_RECENT_WINDOW_SECONDS", "expected at most one year of seconds, got '\(window)'")
        }
        recentWindowSeconds = max(1, Int64(window.rounded(.down)))
    }

    /// The response's `thresholds` object.
    var json: JSONValue {
        [
            "queue_depth_normal": .number(queueDepthNormal), "queue_depth_throttle": .number(queueDepthThrottle),
            "queue_depth_shed": .number(queueDepthShed), "busy_agent_ratio_throttle": .number(busyRatioThrottle),
            "busy_agent_ratio_shed": .number(busyRatioShed), "error_rate_throttle": .number(errorRateThrottle),
            "error_rate_shed": .number(errorRateShed), "recent_window_seconds": .number(Double(recentWindowSeconds)),
        ]
    }
}
