/// Percentiles of a sample, for printing.
struct Stats {
    let sorted: [Double]

    init(_ values: [Double]) {
        sorted = values.sorted()
    }

    /// The value below which `fraction` of the sample lies (nearest rank).
    func percentile(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { percentile(0.5) }
}

/// Prints `name: value unit (target ..., ok|MISSED)`.
func report(_ name: String, _ value: Double, _ unit: String, target: String, met: Bool) {
    let formatted = value >= 100 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)
    print("\(name): \(formatted) \(unit) (target \(target): \(met ? "ok" : "MISSED"))")
}
