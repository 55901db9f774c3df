import ArgumentParser

/// The `nailbook` command: the booking server and its operator tools.
@main
struct Nailbook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nailbook",
        abstract: "A booking server for nail salons whose customers book through LINE.",
        subcommands: [
            Serve.self, Verify.self, Backup.self, Restore.self, Repair.self, Archive.self, HAProxyConfig.self,
        ],
        defaultSubcommand: Serve.self
    )
}
