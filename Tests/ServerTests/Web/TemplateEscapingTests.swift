import Foundation
import Mustache
import Testing

@testable import Server

/// Templates print values escaped (`{{ }}`), except ``HTMLFragment``s, whose every value is escaped in Swift; and
/// the Mustache-ready form of a view model renders the same as the view model itself.
@Suite("Template escaping")
struct TemplateEscapingTests {
    /// The only fields templates may print unescaped: each is an `HTMLFragment`.
    static let fragmentFields: Set<String> = ["dates", "groups", "table"]

    @Test("{{{ }}} appears only for HTMLFragment fields")
    func tripleMustacheOnlyForFragments() throws {
        let directory = try #require(WebResources.directory("templates"))
        var seen: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(!text.contains("{{&"), "\(name) uses {{& }}")
            for match in text.matches(of: #/\{\{\{\s*([A-Za-z0-9_.]+)\s*\}\}\}/#) {
                let field = String(match.output.1)
                #expect(Self.fragmentFields.contains(field), "\(name) prints \(field) unescaped")
                seen.insert(field)
            }
        }
        #expect(seen == Self.fragmentFields)
    }

    @Test("fragments escape every value as Mustache does")
    func fragmentsEscape() {
        let hostile = "<script>alert('x')</script> & \"q\""
        let strip = TimesPage.strip(
            [
                .init(label: hostile, href: "/book/1?date=\"><img src=x>", selected: true, full: false),
                .init(label: hostile, href: "", selected: false, full: true),
            ], full: "<b>")
        let grid = TimesPage.grid([.init(label: hostile, slots: [.init(label: hostile, value: "1.2\"><x")])])
        for html in [strip.html, grid.html] {
            #expect(
                !html.contains("<script>") && !html.contains("<img") && !html.contains("<x") && !html.contains("<b>"))
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        }
        #expect(strip.html.contains("aria-current=\"date\""))
        #expect(strip.html.contains("<span class=\"chip full\">"))
    }

    struct Inner: Encodable {
        var label: String
        var flag: Bool
        var count: Int
        var maybe: String?
    }
    struct Outer: Encodable {
        var title: String
        var items: [Inner]
        var texts: [String: String]
        var nothing: String?
        var big: UInt64
    }

    @Test("a view model and its TemplateValues form render alike")
    func templateValuesRenderAlike() throws {
        var library = MustacheLibrary()
        try library.register(
            "{{title}}|{{#items}}{{label}}:{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}:{{count}}:{{maybe}};{{/items}}"
                + "|{{texts.hello}}|{{^nothing}}none{{/nothing}}|{{big}}",
            named: "sample")
        let model = Outer(
            title: "<T>",
            items: [
                .init(label: "a", flag: true, count: 3, maybe: "m"),
                .init(label: "b", flag: false, count: 0, maybe: nil),
            ],
            texts: ["hello": "你好"], nothing: nil, big: UInt64.max)
        let viaMirror = library.render(model, withTemplate: "sample")
        let viaValues = library.render(TemplateValues.make(model), withTemplate: "sample")
        #expect(viaValues == viaMirror)
        #expect(viaValues == "&lt;T&gt;|a:on:3:m;b:off:0:;|你好|none|\(UInt64.max)")
    }
}
