import Core
import HTTPTypes
import Hummingbird

/// JSON answers.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status = .ok, _ write: (inout JSONWriter) -> Void) -> Response {
        var json = JSONWriter()
        write(&json)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: json.bytes))
        )
    }

    static func noContent() -> Response { Response(status: .noContent) }
}
