import Foundation
import Mustache

/// The page templates (package resources `web/templates/*.mustache`), parsed once at start.
struct WebTemplates: Sendable {
    let library: MustacheLibrary

    /// Parses every template; a template that does not parse stops the server at start, not at first use.
    static func load() throws -> WebTemplates {
        var library = MustacheLibrary()
        guard let directory = WebResources.directory("templates") else {
            throw WebTemplateError(description: "the web templates are missing from the package resources")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        for name in names.sorted() {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return WebTemplates(library: library)
    }

    /// Renders a view model with a template (through ``TemplateValues``, so lookups hash instead of reflecting);
    /// a missing template is a programming error.
    func render<Model: Encodable>(_ model: Model, _ template: String) -> String {
        guard let html = library.render(TemplateValues.make(model), withTemplate: template) else {
            preconditionFailure("no template named \(template)")
        }
        return html
    }
}

/// A template could not be loaded.
struct WebTemplateError: Error, CustomStringConvertible {
    var description: String
}
