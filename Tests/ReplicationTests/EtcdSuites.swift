import Testing

/// The suites that start real etcd clusters (and HAProxy), one after another: each cluster takes a few seconds of
/// both cores to form, and two forming at once on a loaded machine can miss their deadline.
@Suite("etcd, failover and HAProxy with real processes", .serialized)
enum EtcdSuites {}
