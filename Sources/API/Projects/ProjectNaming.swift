/// How project slugs and ticket prefixes are derived from what the user typed (reference §6
/// "Ticket numbering").
enum ProjectNaming {
    /// Uppercase, only A–Z and 0–9, at most 12 characters; empty means invalid.
    static func ticketPrefix(_ raw: String) -> String {
        String(raw.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }.prefix(12).map(Character.init))
    }

    /// The prefix a new project gets when none is given: from the first five characters of its name.
    static func defaultPrefix(name: String) -> String { ticketPrefix(String(name.prefix(5))) }

    /// Lowercase, every run of characters outside a–z0–9 becomes one `-`, no leading or
    /// trailing `-`, at most 64 characters; empty means invalid.
    static func slug(_ raw: String) -> String {
        var capped = String(uncappedSlug(raw).prefix(64))
        while capped.hasSuffix("-") { capped.removeLast() }
        return capped
    }

    /// The slug rule without the length cap (workspace slugs have none, as in the original).
    static func uncappedSlug(_ raw: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in raw.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return slug
    }
}
