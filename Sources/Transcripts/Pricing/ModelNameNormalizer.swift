/// Maps the model ids found in transcripts, gateways and provider consoles to the catalog's
/// keys (claude-transcripts.md §3): `claude-sonnet-4-5-20250929`,
/// `anthropic/claude-sonnet-4.5`, `us.anthropic.claude-sonnet-4-5-20250929-v1:0` and
/// `claude-sonnet-4-5@20250929` all become `claude-sonnet-4-5`.
///
/// After normalisation the lookup is exact: a near match (`claude-opus-4-9` against
/// `claude-opus-4`) would price a new model at an old model's rate, which is the silent error
/// this catalog exists to avoid.
public enum ModelNameNormalizer {
    /// Bedrock cross-region inference prefixes.
    private static let regionPrefixes = ["us.", "eu.", "apac.", "global.", "jp.", "au.", "ca."]

    /// The catalog key for `model`. Steps, in order: trim and lowercase; drop everything up to
    /// the last `/` (`anthropic/`, `vertex_ai/`, `openrouter/anthropic/`); drop a Bedrock region
    /// prefix and `anthropic.`; drop a bracketed suffix (`[1m]`); drop a Bedrock version suffix
    /// (`-v1:0`, `-v2`); map `@` and `.` to `-` (Vertex dates, dotted versions); drop a trailing
    /// `-latest` and a trailing 8-digit date (`-20250929`).
    public static func normalize(_ model: String) -> String {
        var name = Substring(model.lowercased())
        name = name.drop(while: \.isWhitespace)
        while name.last?.isWhitespace == true { name = name.dropLast() }
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        for prefix in regionPrefixes where name.hasPrefix(prefix + "anthropic.") {
            name = name.dropFirst(prefix.count)
        }
        if name.hasPrefix("anthropic.") { name = name.dropFirst("anthropic.".count) }
        if name.last == "]", let open = name.lastIndex(of: "[") { name = name[..<open] }
        name = droppingBedrockVersion(name)
        var text = String(name.map { $0 == "@" || $0 == "." ? "-" : $0 })
        if text.hasSuffix("-latest") { text.removeLast("-latest".count) }
        if let dash = text.lastIndex(of: "-") {
            let tail = text[text.index(after: dash)...]
            if tail.count == 8, tail.allSatisfy(\.isASCII), tail.allSatisfy(\.isNumber) { text = String(text[..<dash]) }
        }
        return text
    }

    /// `…-v1:0` or `…-v2` → `…`.
    private static func droppingBedrockVersion(_ name: Substring) -> Substring {
        guard let dash = name.lastIndex(of: "-") else { return name }
        let tail = name[name.index(after: dash)...]
        guard tail.first == "v", tail.count > 1 else { return name }
        let rest = tail.dropFirst()
        let valid = rest.allSatisfy { $0 == ":" || ($0.isASCII && $0.isNumber) } && rest.first?.isNumber == true
        return valid ? name[..<dash] : name
    }
}
