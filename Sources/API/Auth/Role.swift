/// The original's roles, ordered: `viewer < operator < admin` (reference §1).
enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case viewer
    case `operator`
    case admin

    /// The original's numeric level (viewer 0, operator 1, admin 2).
    var level: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    static func < (lhs: Role, rhs: Role) -> Bool { lhs.level < rhs.level }
}
