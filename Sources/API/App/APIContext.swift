import Foundation
import Hummingbird
import NIOCore

/// The request context of every route; identity and workspace join it with authentication.
struct APIContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The one JSON encoder configuration of the API (STYLE: one way to do each thing).
    var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
