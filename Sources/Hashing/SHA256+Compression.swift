// SHA-256 compression function, FIPS 180-4 §6.2.2, with the 16-word rolling message schedule of §6.2.2 step 1
// computed in place (W_t for t ≥ 16 overwrites W_{t−16}).

extension SHA256 {
    /// Compresses `count` consecutive 64-byte blocks starting at `blocks` into `state`.
    /// Reads big-endian words with unaligned loads; no allocation (the schedule lives in a stack tuple).
    @usableFromInline
    static func compress(
        state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        blocks: UnsafeRawPointer,
        count: Int
    ) {
        SHA256Constants.roundConstants.withUnsafeBufferPointer { k in
            var schedule: (
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &schedule) { wRaw in
                let w = wRaw.baseAddress!.assumingMemoryBound(to: UInt32.self)
                var (h0, h1, h2, h3, h4, h5, h6, h7) = state
                for blockIndex in 0..<count {
                    let block = blocks + blockIndex * 64
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    for t in 0..<64 {
                        let wt: UInt32
                        if t < 16 {
                            wt = w[t]
                        } else {
                            // W_t = σ1(W_{t−2}) + W_{t−7} + σ0(W_{t−15}) + W_{t−16}   (§6.2.2 step 1)
                            let w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15]
                            let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                            let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                            wt = s1 &+ w[(t - 7) & 15] &+ s0 &+ w[t & 15]
                            w[t & 15] = wt
                        }
                        // T1 = h + Σ1(e) + Ch(e,f,g) + K_t + W_t;  T2 = Σ0(a) + Maj(a,b,c)   (§6.2.2 step 3)
                        let bigS1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = h &+ bigS1 &+ ch &+ k[t] &+ wt
                        let bigS0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = bigS0 &+ maj
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
                state = (h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
