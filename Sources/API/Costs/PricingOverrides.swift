import Foundation
import GRDB
import MCShared
import MCTranscripts

/// The admins' price overrides (`pricing_overrides`) and the catalog they make with the
/// built-in prices. Overrides are read in the writing transaction, so a row is always priced
/// with the catalog in force when it was stored; changing a price changes new rows only.
enum PricingOverrides {
    /// Overrides by normalised model id. A row that no longer decodes is skipped rather than
    /// stopping every ingest (it can be replaced or deleted through the API).
    static func load(_ db: Database) throws -> [String: ModelPrice] {
        var prices: [String: ModelPrice] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT model, price FROM pricing_overrides") {
            let text: String = row["price"]
            if let price = try? JSONDecoder().decode(ModelPrice.self, from: Data(text.utf8)) { prices[row["model"]] = price }
        }
        return prices
    }

    /// The built-in catalog with the stored overrides merged over it.
    static func catalog(_ db: Database) throws -> PricingCatalog {
        PricingCatalog.builtIn.with(overrides: try load(db))
    }

    /// Stores `price` for `model` (normalised), replacing any earlier override.
    static func save(_ db: Database, model: String, price: ModelPrice, by actor: String, now: Int64) throws {
        let text = String(decoding: try JSONEncoder().encode(price), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO pricing_overrides (model, price, updated_by, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(model) DO UPDATE SET price = excluded.price, updated_by = excluded.updated_by,
                                                 updated_at = excluded.updated_at
                """,
            arguments: [ModelNameNormalizer.normalize(model), text, actor, now])
    }

    /// Removes the override of `model`; false when there was none.
    static func delete(_ db: Database, model: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM pricing_overrides WHERE model = ?", arguments: [ModelNameNormalizer.normalize(model)])
        return db.changesCount > 0
    }

    /// The merged catalog as JSON, in USD per million tokens; overrides carry `override: true`.
    static func document(_ db: Database) throws -> JSONValue {
        let overrides = try load(db)
        let catalog = PricingCatalog.builtIn.with(overrides: overrides)
        let models: [JSONValue] = catalog.prices.sorted(by: { $0.key < $1.key }).map { model, price in
            var object: [String: JSONValue] = rates(price.base)
            object["model"] = .string(model)
            object["override"] = .bool(overrides[model] != nil)
            object["built_in"] = .bool(PricingCatalog.builtIn.prices[model] != nil)
            object["long_context"] = price.longContext.map { tier in
                var long = rates(tier.rates)
                long["threshold_tokens"] = .number(Double(tier.thresholdTokens))
                return .object(long)
            } ?? .null
            object["fast_multiplier"] = price.fastMultiplier.map { .number(Double($0)) } ?? .null
            return .object(object)
        }
        return ["models": .array(models), "unit": "USD per million tokens"]
    }

    private static func rates(_ rates: TokenRates) -> [String: JSONValue] {
        func usd(_ micro: Int64) -> JSONValue { .number(Double(micro) / 1_000_000) }
        return [
            "input": usd(rates.input), "output": usd(rates.output), "cache_write_5m": usd(rates.cacheWrite5m),
            "cache_write_1h": usd(rates.cacheWrite1h), "cache_read": usd(rates.cacheRead),
        ]
    }
}
