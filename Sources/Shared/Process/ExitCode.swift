/// Process exit codes with a meaning the supervisor and systemd act on.
public enum ExitCode {
    /// Success.
    public static let success: Int32 = 0
    /// A generic failure: systemd's `Restart=on-failure` restarts the unit.
    public static let failure: Int32 = 1
    /// EX_CONFIG from sysexits.h: the configuration is invalid. The supervisor does not restart
    /// a child that exits with it (state `fatal`) and the unit sets `RestartPreventExitStatus=78`,
    /// because restarting cannot fix a bad setting.
    public static let configuration: Int32 = 78
}
