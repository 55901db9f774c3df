/// Markup built in Swift for the long lists of a page (the date strip, the slot grid), where Mustache's
/// per-lookup cost dominated the render. Templates print it with `{{{ }}}`, the only values they may print so:
/// its markup comes from string literals in our code (`StaticString`) and every value in it is escaped exactly as
/// Mustache's `{{ }}` escapes (`& < > " '`).
struct HTMLFragment: Encodable, Sendable, Equatable {
    /// The finished markup.
    private(set) var html = ""

    /// Encodes as its markup, so the template sees a string.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(html)
    }

    /// Appends markup written in our code.
    mutating func markup(_ literal: StaticString) {
        html += literal.description
    }

    /// Appends a value, escaped.
    mutating func text(_ value: String) {
        html.reserveCapacity(html.utf8.count + value.utf8.count)
        for character in value {
            switch character {
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            case "'": html += "&#39;"
            default: html.append(character)
            }
        }
    }
}
