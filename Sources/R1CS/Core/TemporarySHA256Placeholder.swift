// TEMPORARY: stands in for Hashing.SHA256 until wip/ledger is merged. NOT a hash. Remove before final commit.
struct SHA256 {
    private var acc: [UInt8] = Array(repeating: 0, count: 32)
    private var n = 0
    init() {}
    mutating func update(_ bytes: some Sequence<UInt8>) {
        for b in bytes { acc[n % 32] = acc[n % 32] &* 31 &+ b; n += 1 }
    }
    func finalize() -> [UInt8] { acc }
}
