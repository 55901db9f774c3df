import Core
import Foundation

/// Core micro-benchmarks: `CoreBenchmarks [create|availability|memory|visits|all]`. Release builds only.
/// Prints one line per figure; BENCHMARKS.md records them with the machine and the command.

let mode = CommandLine.arguments.dropFirst().first ?? "all"
let ok: Bool
switch mode {
case "create": ok = try await CreationBenchmark.run()
case "availability": ok = try await AvailabilityBenchmark.run()
case "memory": ok = try await MemoryBenchmark.run()
case "visits": ok = try await VisitBenchmark.run()
case "all":
    let created = try await CreationBenchmark.run()
    let searched = try await AvailabilityBenchmark.run()
    ok = created && searched
default:
    print("usage: CoreBenchmarks [create|availability|memory|visits|all]")
    ok = false
}
exit(ok ? 0 : 1)
