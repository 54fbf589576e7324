import Foundation
import MCShared

/// Where the OpenClaw state directory and `openclaw.json` are (reference mc-background §4.7).
struct OpenClawPaths: Sendable, Equatable {
    /// The `openclaw.json` file.
    var configPath: String
    /// The state directory: relative agent workspaces resolve under it.
    var stateDirectory: String

    /// `OPENCLAW_CONFIG_PATH` / `MISSION_CONTROL_OPENCLAW_CONFIG_PATH`, else `<state>/openclaw.json`;
    /// the state directory is the first of `OPENCLAW_STATE_DIR`, `CLAWDBOT_STATE_DIR`,
    /// `OPENCLAW_HOME`, `CLAWDBOT_HOME`, `MISSION_CONTROL_OPENCLAW_HOME`, the config file's
    /// directory, `~/.openclaw`.
    init(environment: EnvironmentReader) {
        let explicitConfig = ["OPENCLAW_CONFIG_PATH", "MISSION_CONTROL_OPENCLAW_CONFIG_PATH"]
            .lazy.compactMap { environment.string($0) }.first
        let stateNames = ["OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR", "OPENCLAW_HOME", "CLAWDBOT_HOME", "MISSION_CONTROL_OPENCLAW_HOME"]
        let home = environment.string("HOME") ?? NSHomeDirectory()
        let state =
            stateNames.lazy.compactMap { environment.string($0) }.first
            ?? explicitConfig.map { ($0 as NSString).deletingLastPathComponent }
            ?? (home as NSString).appendingPathComponent(".openclaw")
        stateDirectory = (state as NSString).standardizingPath
        configPath = explicitConfig ?? (stateDirectory as NSString).appendingPathComponent("openclaw.json")
    }

    /// An agent's workspace directory: absolute paths as given, relative ones under the state
    /// directory; nil when a relative path climbs out of it.
    func workspace(_ path: String) -> String? {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        let resolved = ((stateDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
        return resolved == stateDirectory || resolved.hasPrefix(stateDirectory + "/") ? resolved : nil
    }
}
