import ArgumentParser
import Core
import Foundation
import Hummingbird
import Logging
import Server

/// `nailbook serve`: run the server on a data folder.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the booking server.")

    @Option(name: .long, help: "The data folder (env NAILBOOK_DATA).")
    var data: String = ProcessInfo.processInfo.environment["NAILBOOK_DATA"] ?? "./data"

    @Option(name: .long, help: "The address to listen on (env NAILBOOK_HOST).")
    var host: String = ProcessInfo.processInfo.environment["NAILBOOK_HOST"] ?? "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (env NAILBOOK_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["NAILBOOK_PORT"].flatMap(Int.init) ?? 8080

    @Flag(name: .long, help: "Load the demo merchant (staff, hours, services) if it is not there yet.")
    var demo = false

    func run() async throws {
        let logger = Logger(label: "nailbook")
        let configuration = ServerConfiguration(dataDirectory: data, host: host, port: port, loadsDemo: demo)
        try prepareDataDirectory(configuration.dataDirectory)
        let (engine, _) = BookingEngine.inMemory()
        if configuration.loadsDemo {
            let merchant = try await DemoSalon.load(into: engine, now: WallClock.now())
            logger.info("demo merchant loaded", metadata: ["merchant.id": "\(merchant.id)"])
        }
        logger.info(
            "starting",
            metadata: [
                "data": "\(configuration.dataDirectory)", "address": "\(configuration.host):\(configuration.port)",
            ]
        )
        let app = buildApplication(configuration: configuration, engine: engine, logger: logger)
        try await app.runService()
    }
}
