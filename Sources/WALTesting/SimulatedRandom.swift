import Core
import WAL

/// The simulated disk's generator: the project's one SplitMix64, so every simulated crash replays from its seed.
typealias SimulatedRandom = SplitMix64
