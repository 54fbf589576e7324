/// The directories that hold Claude Code transcripts (claude-transcripts.md §1).
public enum TranscriptRoots {
    /// The `projects` directories to scan, in order, without duplicates:
    /// 1. `$MC_CLAUDE_HOME/projects`, or `~/.claude/projects` when unset (the original's root);
    /// 2. `~/.config/claude/projects` (the XDG path some Claude Code versions use);
    /// 3. each entry of the comma-separated `CLAUDE_CONFIG_DIR` plus `/projects` (an entry that
    ///    already ends in `/projects` is taken as is, as ccusage does).
    /// Unlike ccusage, `CLAUDE_CONFIG_DIR` adds roots rather than replacing the defaults: a
    /// machine can run Claude Code both ways. Roots that do not exist are skipped by the walk.
    /// `~` at the start of a configured path is expanded to `homeDirectory`.
    public static func resolve(environment: [String: String], homeDirectory: String) -> [String] {
        let home = trimmed(homeDirectory)
        func expand(_ path: String) -> String {
            if path == "~" { return home }
            if path.hasPrefix("~/") { return home + path.dropFirst(1) }
            return path
        }
        var roots: [String] = []
        func add(_ root: String) {
            let root = trimmed(root)
            if !root.isEmpty, !roots.contains(root) { roots.append(root) }
        }
        if let claudeHome = environment["MC_CLAUDE_HOME"].map(trimmedValue), !claudeHome.isEmpty {
            add(trimmed(expand(claudeHome)) + "/projects")
        } else {
            add(home + "/.claude/projects")
        }
        add(home + "/.config/claude/projects")
        for entry in (environment["CLAUDE_CONFIG_DIR"] ?? "").split(separator: ",") {
            let directory = trimmed(expand(trimmedValue(String(entry))))
            guard !directory.isEmpty else { continue }
            add(directory.hasSuffix("/projects") ? directory : directory + "/projects")
        }
        return roots
    }

    /// Drops surrounding whitespace.
    private static func trimmedValue(_ value: String) -> String {
        String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Drops trailing slashes (but keeps `/`).
    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
