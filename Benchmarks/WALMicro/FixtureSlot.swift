/// Hands what a benchmark's setup made to its teardown (ordo-one/benchmark passes the setup's value to the
/// measured closure only). Setup, iterations and teardown of one benchmark run one after another, never at once.
final class FixtureSlot<Value> {
    var value: Value?
}
