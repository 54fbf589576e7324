/// Renders `mcsup status` for people: a summary line, then one row per child.
enum StatusTable {
    static func render(_ document: SupervisorStatusDocument) -> String {
        let supervisor = document.supervisor
        var text = "Mission Control \(supervisor.version) at \(supervisor.url): supervisor pid \(supervisor.pid), "
        text += "up \(duration(supervisor.uptimeMs)), \(supervisor.summary)"
        if supervisor.state != "running" { text += " (\(supervisor.state))" }
        text += "\n"
        let header = ["CHILD", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "RSS", "HEARTBEAT"]
        let rows = document.children.map { child -> [String] in
            [
                child.id,
                child.state + (child.nextRestartInMs.map { " (\(duration($0)))" } ?? ""),
                child.pid.map(String.init) ?? "-",
                child.uptimeMs.map(duration) ?? "-",
                "\(child.restartsTotal) (\(child.restartsInWindow) recent)",
                child.lastExit.map(lastExit) ?? "-",
                child.rssBytes.map(megabytes) ?? "-",
                child.heartbeatAgeMs.map { duration($0) + " ago" } ?? "-",
            ]
        }
        let table = [header] + rows
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        return text
    }

    static func lastExit(_ exit: SupervisorStatusDocument.LastExit) -> String {
        let how = exit.code.map { "code \($0)" } ?? exit.signal.map { "signal \($0)" } ?? "-"
        return "\(exit.reason), \(how), \(duration(exit.agoMs)) ago"
    }

    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
        if seconds < 86_400 { return "\(seconds / 3600)h\(seconds % 3600 / 60)m" }
        return "\(seconds / 86_400)d\(seconds % 86_400 / 3600)h"
    }

    static func megabytes(_ bytes: Int64) -> String {
        let tenths = bytes * 10 / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}
