import AsyncHTTPClient
import Logging
import NIOCore

/// The HTTP clients the deliverer sends with: one shared client for plain http (requests go to
/// the checked address), and for https one client per pinned host and address, whose
/// `dnsOverride` makes it connect to the checked address while SNI and the certificate check
/// use the name. Pinned clients are cached (their connection pools are the point) up to
/// `maximumPinned`; the least recently used idle one is shut down to make room. A client still
/// sending is never shut down, so the cache may exceed the bound while all are busy.
actor WebhookHTTPClients {
    /// Cached pinned clients before idle ones are evicted.
    let maximumPinned: Int
    private let configuration: HTTPClient.Configuration
    private let plain: HTTPClient
    private var pinned: [WebhookConnectionPlan.Pin: Entry] = [:]
    private var useCounter: UInt64 = 0

    private struct Entry {
        let client: HTTPClient
        var inFlight: Int
        var lastUse: UInt64
    }

    /// Clients that never follow redirects, with `timeout` for connect and read.
    init(timeout: Duration, maximumPinned: Int = 64) {
        let amount = TimeAmount.nanoseconds(
            timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: amount, read: amount),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16))
        // A refused connection is reported at once (the delivery's retry schedule handles it)
        // instead of being retried inside the client until the timeout holds the slot for 10 s.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.configuration = configuration
        self.maximumPinned = maximumPinned
        plain = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// The client for `plan`; pair every call with `release(_:)` once the attempt is over.
    func checkOut(_ plan: WebhookConnectionPlan) async -> HTTPClient {
        guard let pin = plan.pin else { return plain }
        useCounter += 1
        if var entry = pinned[pin] {
            entry.inFlight += 1
            entry.lastUse = useCounter
            pinned[pin] = entry
            return entry.client
        }
        var configuration = self.configuration
        configuration.dnsOverride = [pin.host: pin.address]
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        pinned[pin] = Entry(client: client, inFlight: 1, lastUse: useCounter)
        await evictIdle()
        return client
    }

    /// Ends one use of the client checked out for `plan`.
    func release(_ plan: WebhookConnectionPlan) {
        guard let pin = plan.pin else { return }
        pinned[pin]?.inFlight -= 1
    }

    /// How many pinned clients are cached (for tests).
    var pinnedCount: Int { pinned.count }

    /// Shuts every client down (at the end of the worker).
    func shutdown() async {
        let clients = [plain] + pinned.values.map(\.client)
        pinned = [:]
        for client in clients { try? await client.shutdown() }
    }

    /// Shuts down least recently used idle clients beyond the bound.
    private func evictIdle() async {
        while pinned.count > maximumPinned {
            guard let victim = pinned.filter({ $0.value.inFlight == 0 }).min(by: { $0.value.lastUse < $1.value.lastUse })
            else { return }
            pinned[victim.key] = nil
            try? await victim.value.client.shutdown()
        }
    }
}
