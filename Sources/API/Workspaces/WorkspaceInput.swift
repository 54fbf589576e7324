import Foundation
import HTTPTypes
import MCShared

/// A validated `POST /api/workspaces` or `PUT /api/workspaces/{id}` body, checked like the
/// original's zod schemas (400 "Validation failed" with `details`).
struct WorkspaceInput: Sendable, Equatable {
    /// What the body says about `brand`: nothing (keep it), null (clear it) or a new value.
    enum Brand: Sendable, Equatable {
        case keep
        case set(String?)
    }

    var name: String
    /// The normalised slug; nil when the body gave none (create derives it from the name).
    var slug: String?
    var brand: Brand
    /// Nil when omitted: `shared` on create, unchanged on update.
    var isolation: String?

    static let isolations = ["shared", "strict"]

    /// Validates `fields`; `allowSlug` is true for create (the update schema has no slug).
    init(_ fields: [String: JSONValue], allowSlug: Bool) throws {
        var validator = FieldValidator(fields)
        let name = validator.string("name", min: 1, max: 200, required: true)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let rawSlug = allowSlug ? validator.string("slug", min: 1, max: 200) : nil
        brand = Self.brand(fields, &validator)
        isolation = validator.option("isolation", Self.isolations)
        try validator.check()
        guard let name, !name.isEmpty else {
            throw APIDetailedError(.badRequest, ["error": "Validation failed", "details": ["name: Too small: expected string to have >=1 characters"]])
        }
        self.name = name
        if let rawSlug {
            let slug = Self.slug(rawSlug)
            guard !slug.isEmpty else { throw APIError(.badRequest, "Invalid workspace slug") }
            self.slug = slug
        }
    }

    /// `brand` is trimmed before its 1..64 check, and may be null.
    private static func brand(_ fields: [String: JSONValue], _ validator: inout FieldValidator) -> Brand {
        switch fields["brand"] {
        case nil: return .keep
        case .null?: return .set(nil)
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                validator.issue("brand", "Too small: expected string to have >=1 characters")
            } else if trimmed.utf16.count > 64 {
                validator.issue("brand", "Too big: expected string to have <=64 characters")
            }
            return .set(trimmed)
        case let other:
            validator.issue("brand", "Invalid input: expected string, received \(FieldValidator.typeName(other))")
            return .keep
        }
    }

    /// Like a project slug but without the project's 64-character cap, as the original.
    static func slug(_ raw: String) -> String { ProjectNaming.uncappedSlug(raw) }
}
