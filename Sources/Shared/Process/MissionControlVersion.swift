/// The version every binary reports (`mcsup --version`, `/api/status`, IPC `hello`).
public enum MissionControlVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
