import Foundation

/// The page texts of one language (package resources `web/messages/<lang>.json`).
struct PageTexts: Sendable {
    /// The language code (zh-TW, en, ja, th).
    var language: String
    /// Texts by key, for the templates (`{{t.menu}}`).
    var texts: [String: String]
    /// Monday-first weekday names.
    var weekdays: [String]
    /// Month names or numbers.
    var months: [String]

    subscript(_ key: String) -> String { texts[key] ?? key }

    /// A text with `{n}` filled in.
    func text(_ key: String, n: Int) -> String { self[key].replacingOccurrences(of: "{n}", with: String(n)) }
}

/// Every language's texts, loaded once at start; picks the language of a request.
struct MessageCatalog: Sendable {
    /// The languages the pages speak; the first is the default.
    static let languages = ["zh-TW", "en", "ja", "th"]

    let byLanguage: [String: PageTexts]

    /// Loads the catalogs; a missing or malformed one stops the server at start.
    static func load() throws -> MessageCatalog {
        guard let directory = WebResources.directory("messages") else {
            throw WebTemplateError(description: "the message catalogs are missing from the package resources")
        }
        var byLanguage: [String: PageTexts] = [:]
        for language in languages {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + language + ".json"))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let weekdays = object["wd"] as? [String], weekdays.count == 7,
                let months = object["months"] as? [String], months.count == 12
            else { throw WebTemplateError(description: "message catalog \(language) is malformed") }
            let texts = object.compactMapValues { $0 as? String }
            byLanguage[language] = PageTexts(language: language, texts: texts, weekdays: weekdays, months: months)
        }
        return MessageCatalog(byLanguage: byLanguage)
    }

    /// The texts for a request: the browser's (LIFF's) language when we speak it, else the salon's, else zh-TW.
    func texts(acceptLanguage: String?, salonLanguage: String?) -> PageTexts {
        let language = Self.negotiate(acceptLanguage: acceptLanguage, salonLanguage: salonLanguage)
        return byLanguage[language] ?? byLanguage[Self.languages[0]]!
    }

    /// The language for an `Accept-Language` header and the salon's setting.
    static func negotiate(acceptLanguage: String?, salonLanguage: String?) -> String {
        for range in (acceptLanguage ?? "").split(separator: ",") {
            let tag = range.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
            if let match = match(tag) { return match }
        }
        if let salon = salonLanguage, let match = match(salon.lowercased()) { return match }
        return languages[0]
    }

    private static func match(_ tag: String) -> String? {
        if tag.hasPrefix("zh") {
            // Simplified Chinese is not offered; Traditional covers zh, zh-TW, zh-HK, zh-Hant.
            return "zh-TW"
        }
        let primary = tag.split(separator: "-").first.map(String.init) ?? tag
        return languages.first { $0 == primary }
    }
}
