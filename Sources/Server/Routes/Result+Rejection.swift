import Core
import HTTPTypes
import Hummingbird

extension Result where Failure == Rejection {
    /// The value, or the rejection as a problem.
    func orProblem() throws(Problem) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let rejection): throw Problem(rejection)
        }
    }
}
