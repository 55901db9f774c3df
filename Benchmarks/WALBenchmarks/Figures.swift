import Foundation

/// The figures one command measured, in the order measured: printed at the end as one JSON line
/// (`{"benchmark":"append","append.fsync.w256.recordsPerSecond":123456,…}`) so runs can be compared by script.
struct Figures {
    private enum Value {
        case number(Double)
        case text(String)
    }

    let benchmark: String
    private var entries: [(key: String, value: Value)] = []

    init(benchmark: String) { self.benchmark = benchmark }

    /// Records a number under `key` (dotted, unit last: `replay.logOnly.seconds`).
    mutating func add(_ key: String, _ value: Double) {
        precondition(value.isFinite, "figure \(key) is not a finite number")
        entries.append((key, .number(value)))
    }

    /// Records a text (a filesystem type, a mode) under `key`.
    mutating func add(_ key: String, _ value: String) {
        entries.append((key, .text(value)))
    }

    /// Appends every figure of `other`.
    mutating func add(contentsOf other: Figures) {
        entries += other.entries
    }

    /// The one-line JSON object: `benchmark` first, then every figure.
    var jsonLine: String {
        var fields = ["\"benchmark\":\(quoted(benchmark))"]
        for (key, value) in entries {
            switch value {
            case .number(let number):
                let text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
                fields.append("\(quoted(key)):\(text)")
            case .text(let text):
                fields.append("\(quoted(key)):\(quoted(text))")
            }
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"?\"]"
        return String(array.dropFirst().dropLast())
    }
}
