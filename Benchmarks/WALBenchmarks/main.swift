import Foundation

/// Write-ahead log and start-up benchmarks: `WALBenchmarks [fsync|append|replay|compression|archive|all]` (`all`
/// leaves out `archive`, which takes minutes); `append fsync 256`
/// runs one configuration. Release builds only. Prints one line per figure, then one JSON line with every figure
/// (BENCHMARKS.md records them with the machine and the command). `open-probe DIR warm|cold` and `open-phases DIR`
/// are child processes of `replay`.

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "all"
do {
    var figures: Figures
    switch mode {
    case "fsync": figures = try FsyncBenchmark.run()
    case "append": figures = try await AppendBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "replay": figures = try await ReplayBenchmark.run()
    case "compression": figures = CompressionBenchmark.run()
    case "archive": figures = try await ArchiveBenchmark.run()
    case "all":
        figures = Figures(benchmark: "all")
        figures.add(contentsOf: try FsyncBenchmark.run())
        figures.add(contentsOf: try await AppendBenchmark.run(arguments: []))
        figures.add(contentsOf: try await ReplayBenchmark.run())
        figures.add(contentsOf: CompressionBenchmark.run())
    case "open-probe" where arguments.count == 3:
        try await StartupProbe.runChild(directory: arguments[1], cold: arguments[2] == "cold")
        exit(0)
    case "open-phases" where arguments.count == 2:
        try StartupPhases.runChild(directory: arguments[1])
        exit(0)
    default:
        print("usage: WALBenchmarks [fsync|append [fsync|none WRITERS]|replay|compression|archive|all]")
        exit(2)
    }
    print(figures.jsonLine)
} catch {
    print("WALBenchmarks \(mode) failed: \(error)")
    exit(1)
}
