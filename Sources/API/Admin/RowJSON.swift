import Foundation
import MCShared

/// Turns the JSON text columns of the original (`data`, `detail`) back into values.
enum RowJSON {
    /// The parsed value of `text`; the text itself when it is not JSON; null when absent.
    static func parsed(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        return (try? JSONValue.parse(text)) ?? .string(text)
    }
}
