import Core
import Foundation
import Hummingbird
import Logging

/// Builds the HTTP application around an engine: the same function serves `nailbook serve` and the tests.
public func buildApplication(
    configuration: ServerConfiguration,
    engine: BookingEngine,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    HealthController(engine: engine).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "nailbook"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Creates the data folder if it is missing.
public func prepareDataDirectory(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
}
