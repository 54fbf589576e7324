import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Turns POSIX signals into callbacks (instead of their default action, which would kill the
/// supervisor before it could stop its children in order).
enum SignalForwarder {
    /// Installs handlers; keep the returned sources alive for as long as they should work.
    static func install(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
        signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }
}
