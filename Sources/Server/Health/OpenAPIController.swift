import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 document, the source of truth kept in the repository.
struct OpenAPIController: Sendable {
    let document: [UInt8]

    init() {
        let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        document = url.flatMap { try? Data(contentsOf: $0) }.map { Array($0) } ?? []
    }

    func register(on router: Router<some RequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: document))
            )
        }
    }
}
