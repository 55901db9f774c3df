import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The static files of the web pages (package resources), served under content-hashed names
/// (`/static/app.3f2a9c1d.css`) with a one-year immutable cache.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    /// Hashed name → file.
    let files: [String: Asset]
    /// Plain name → URL path with the hashed name (for the templates).
    let paths: [String: String]

    /// Reads every file of `web/static` from the package resources.
    static func load() -> StaticAssets {
        var files: [String: Asset] = [:]
        var paths: [String: String] = [:]
        guard let directory = WebResources.directory("static"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return StaticAssets(files: [:], paths: [:]) }
        for name in names.sorted() {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            let digest = SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
            let ext = (name as NSString).pathExtension
            let hashed = (name as NSString).deletingPathExtension + "." + digest + "." + ext
            files[hashed] = Asset(bytes: Array(data), contentType: contentType(ext))
            paths[name] = "/static/" + hashed
        }
        return StaticAssets(files: files, paths: paths)
    }

    static func contentType(_ ext: String) -> String {
        switch ext {
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        default: return "application/octet-stream"
        }
    }

    /// `GET /static/{name}`.
    func register(on router: Router<NailbookContext>) {
        router.get("static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let asset = files[name] else {
                throw Problem.notFound("file")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable",
                    .xContentTypeOptions: "nosniff",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }
    }
}

/// Where the web resources (templates, static files, message catalogs) are in the package bundle.
enum WebResources {
    static func directory(_ name: String) -> String? {
        Bundle.module.url(forResource: "web", withExtension: nil)?.appendingPathComponent(name).path
    }
}
