/// Read replicas: followers that tail the leader's write-ahead log, serve reads and report their lag.
///
/// The module is reserved for that work (issue "Read replicas"); it holds no code yet, and nothing depends on it.
public enum Replication {}
