/// Writes the pieces of LINE Flex Messages (bubbles, label/value rows, buttons) into a `JSONWriter`, clamping text to
/// LINE's documented limits so a long name cannot make LINE refuse the whole message.
enum LineFlex {
    /// LINE's limit on an action's `label`.
    static let actionLabelLengthMax = 20
    /// LINE's limit on a postback action's `data`.
    static let postbackDataLengthMax = 300
    /// LINE's limit on a postback action's `displayText`.
    static let displayTextLengthMax = 300
    /// A bound on one text component (LINE sets none per component, but a bubble must stay under 30 KB).
    static let componentTextLengthMax = 500

    /// A button's action.
    enum Action: Sendable, Equatable {
        /// Opens `uri` in LINE's browser.
        case uri(label: String, uri: String)
        /// Sends `data` back to the webhook as a postback event; `displayText` appears in the chat as the user's.
        case postback(label: String, data: String, displayText: String)
    }

    /// One bubble: a coloured header with `title`, label/value rows, and a footer of buttons (the first is primary).
    static func bubble(
        _ json: inout JSONWriter,
        title: String,
        color: String,
        rows: [(label: String, value: String)],
        actions: [Action]
    ) {
        json.object { bubble in
            bubble.field("type", "bubble")
            bubble.field("header") { header in
                header.object { box in
                    box.field("type", "box")
                    box.field("layout", "vertical")
                    box.field("backgroundColor", color)
                    box.field("contents") { contents in
                        contents.array { items in
                            text(&items, title, extra: [("weight", "bold"), ("size", "lg"), ("color", "#FFFFFF")])
                        }
                    }
                }
            }
            bubble.field("body") { body in
                body.object { box in
                    box.field("type", "box")
                    box.field("layout", "vertical")
                    box.field("spacing", "md")
                    box.field("contents") { contents in
                        contents.array(rows) { items, row in self.row(&items, label: row.label, value: row.value) }
                    }
                }
            }
            bubble.field("footer") { footer in
                footer.object { box in
                    box.field("type", "box")
                    box.field("layout", "vertical")
                    box.field("spacing", "sm")
                    box.field("contents") { contents in
                        contents.array(actions.enumerated()) { items, pair in
                            button(&items, pair.element, primary: pair.offset == 0, color: color)
                        }
                    }
                }
            }
        }
    }

    /// A baseline row: a grey label and a wrapping value.
    static func row(_ json: inout JSONWriter, label: String, value: String) {
        json.object { box in
            box.field("type", "box")
            box.field("layout", "baseline")
            box.field("spacing", "sm")
            box.field("contents") { contents in
                contents.array { items in
                    text(&items, label, extra: [("color", "#8C8C8C"), ("size", "sm")], flex: 2)
                    text(&items, value, extra: [("color", "#333333"), ("size", "sm")], flex: 5, wrap: true)
                }
            }
        }
    }

    /// A text component; empty text becomes "-" because LINE refuses empty text components.
    static func text(
        _ json: inout JSONWriter,
        _ text: String,
        extra: [(String, String)],
        flex: Int? = nil,
        wrap: Bool = false
    ) {
        json.object { component in
            component.field("type", "text")
            component.field("text", text.isEmpty ? "-" : clamped(text, to: componentTextLengthMax))
            for (name, value) in extra { component.field(name, value) }
            if let flex { component.field("flex", flex) }
            if wrap { component.field("wrap", true) }
        }
    }

    /// A full-width button.
    static func button(_ json: inout JSONWriter, _ action: Action, primary: Bool, color: String) {
        json.object { button in
            button.field("type", "button")
            button.field("style", primary ? "primary" : "secondary")
            if primary { button.field("color", color) }
            button.field("height", "sm")
            button.field("action") { actionJSON in
                actionJSON.object { object in
                    switch action {
                    case .uri(let label, let uri):
                        object.field("type", "uri")
                        object.field("label", clamped(label, to: actionLabelLengthMax))
                        object.field("uri", uri)
                    case .postback(let label, let data, let displayText):
                        precondition(data.utf16.count <= postbackDataLengthMax, "postback data exceeds LINE's limit")
                        object.field("type", "postback")
                        object.field("label", clamped(label, to: actionLabelLengthMax))
                        object.field("data", data)
                        object.field("displayText", clamped(displayText, to: displayTextLengthMax))
                    }
                }
            }
        }
    }

    /// `text` cut to at most `limit` UTF-16 units (how LINE counts characters), ending in "…" when cut.
    static func clamped(_ text: String, to limit: Int) -> String {
        precondition(limit >= 1, "a length limit must allow one character")
        guard text.utf16.count > limit else { return text }
        var result = ""
        var used = 1  // the ellipsis
        for character in text {
            let width = character.utf16.count
            guard used + width <= limit else { break }
            result.append(character)
            used += width
        }
        result.append("…")
        assert(result.utf16.count <= limit, "clamped text is still too long")
        return result
    }
}
