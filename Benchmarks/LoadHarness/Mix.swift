import ArgumentParser
import Core

/// The share of each operation in the workload, e.g. `create=70,availability=15,list=10,cancel=5`.
struct Mix: Sendable, ExpressibleByArgument, CustomStringConvertible {
    /// The weights, in `Operation.allCases` order; zero for operations not in the mix.
    let weights: [Int]
    /// One entry per weight unit, so that picking is one table look-up.
    private let table: [Operation]

    /// The default mix of the brief.
    static let standard = Mix(validating: [.create: 70, .availability: 15, .list: 10, .cancel: 5])!

    /// Only creations (filling calendars before a read workload).
    static let createOnly = Mix(validating: [.create: 100])!

    /// Only `GET /health`.
    static let healthOnly = Mix(validating: [.health: 100])!

    init?(argument: String) {
        var weights: [Operation: Int] = [:]
        for part in argument.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let operation = Operation(rawValue: String(pair[0])),
                let weight = Int(pair[1]), weight >= 0, weights[operation] == nil
            else { return nil }
            weights[operation] = weight
        }
        self.init(validating: weights)
    }

    private init?(validating weights: [Operation: Int]) {
        let total = weights.values.reduce(0, +)
        guard total > 0, total <= 10_000 else { return nil }
        self.weights = Operation.allCases.map { weights[$0] ?? 0 }
        var table: [Operation] = []
        table.reserveCapacity(total)
        for operation in Operation.allCases { table += Array(repeating: operation, count: weights[operation] ?? 0) }
        self.table = table
        precondition(self.table.count == total, "the pick table has one entry per weight unit")
    }

    /// The weight of one operation.
    func weight(_ operation: Operation) -> Int {
        weights[Operation.allCases.firstIndex(of: operation)!]
    }

    /// The operations with a non-zero weight.
    var operations: [Operation] { Operation.allCases.filter { weight($0) > 0 } }

    /// Whether any operation of the mix needs the world.
    var needsWorld: Bool { operations.contains { $0.needsWorld } }

    /// An operation drawn with the mix's weights.
    func pick(_ random: inout SplitMix64) -> Operation {
        table[random.below(table.count)]
    }

    var description: String {
        operations.map { "\($0.rawValue)=\(weight($0))" }.joined(separator: ",")
    }
}
