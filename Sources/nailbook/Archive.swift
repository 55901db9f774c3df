import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `nailbook archive [--url URL] [--older-than-days N]`: asks the running leader to archive now.
struct Archive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Archive the completed, cancelled and no-show bookings older than N days on the running leader (POST /v1/admin/archive); prints what moved."
    )

    @Option(name: .long, help: "The leader's URL (env NAILBOOK_URL).")
    var url: String = ProcessInfo.processInfo.environment["NAILBOOK_URL"] ?? "http://127.0.0.1:8080"

    @Option(name: .long, help: "Archive bookings that started more than this many days ago.")
    var olderThanDays = 365

    @Option(name: .long, help: "Instead of an age: archive bookings that started before this RFC 3339 time.")
    var before: String?

    @Option(
        name: .long,
        help: "The data folder whose admin-token file to use when NAILBOOK_ADMIN_TOKEN is not set.")
    var data = "./data"

    func validate() throws {
        guard (1...36_500).contains(olderThanDays) else {
            throw ValidationError("--older-than-days must be from 1 to 36500")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let token =
            environment["NAILBOOK_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (try? String(contentsOfFile: data + "/admin-token", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let token, !token.isEmpty else {
            throw ValidationError("set NAILBOOK_ADMIN_TOKEN (or pass --data with the node's folder)")
        }
        guard let endpoint = URL(string: url.trimmingCharacters(in: ["/"]) + "/v1/admin/archive") else {
            throw ValidationError("--url must be the leader's base URL")
        }
        var request = URLRequest(url: endpoint, timeoutInterval: 3_600)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let fields: [String: String] = before.map { ["before": $0] } ?? [:]
        request.httpBody =
            before == nil
            ? Data(#"{"olderThanDays":\#(olderThanDays)}"#.utf8) : try JSONSerialization.data(withJSONObject: fields)
        let (body, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        print(String(decoding: body, as: UTF8.self))
        if status != 200 {
            FileHandle.standardError.write(Data("archive: the leader answered \(status)\n".utf8))
            throw ExitCode(1)
        }
    }
}
