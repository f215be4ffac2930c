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
            var schedule:
                (
                    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32
                ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &schedule) { wRaw in
                let w = wRaw.baseAddress!.assumingMemoryBound(to: UInt32.self)
                var (h0, h1, h2, h3, h4, h5, h6, h7) = state
                for blockIndex in 0..<count {
                    let block = blocks + blockIndex * 64
                    var a = h0
                    var b = h1
                    var c = h2
                    var d = h3
                    var e = h4
                    var f = h5
                    var g = h6
                    var h = h7
                    // Rounds in groups of 8 with the working variables renamed instead of shifted (no register
                    // moves): `step` updates only d and h.
                    for t in stride(from: 0, to: 64, by: 8) {
                        if t < 16 {
                            for i in t..<t + 8 {
                                w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                            }
                        } else {
                            for i in t..<t + 8 { w[i & 15] = messageScheduleWord(w, i) }
                        }
                        step(a, b, c, &d, e, f, g, &h, k[t] &+ w[t & 15])
                        step(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[(t + 1) & 15])
                        step(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[(t + 2) & 15])
                        step(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[(t + 3) & 15])
                        step(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[(t + 4) & 15])
                        step(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[(t + 5) & 15])
                        step(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[(t + 6) & 15])
                        step(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[(t + 7) & 15])
                    }
                    h0 &+= a
                    h1 &+= b
                    h2 &+= c
                    h3 &+= d
                    h4 &+= e
                    h5 &+= f
                    h6 &+= g
                    h7 &+= h
                }
                state = (h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }
}

/// One SHA-256 round (§6.2.2 step 3) in renamed-variable form: with (a…h) the current working variables,
/// T1 = h + Σ1(e) + Ch(e,f,g) + K_t + W_t, T2 = Σ0(a) + Maj(a,b,c); then d ← d + T1 and h ← T1 + T2
/// (the new e and new a; the caller rotates the names for the next round). `kw` = K_t + W_t.
@inline(__always)
private func step(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
) {
    let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
    let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
    d &+= t1
    h = t1 &+ t2
}

/// W_t for t ≥ 16 in a 16-word ring: σ1(W_{t−2}) + W_{t−7} + σ0(W_{t−15}) + W_{t−16} (§6.2.2 step 1).
@inline(__always)
private func messageScheduleWord(_ w: UnsafeMutablePointer<UInt32>, _ t: Int) -> UInt32 {
    let w15 = w[(t - 15) & 15]
    let w2 = w[(t - 2) & 15]
    let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
    let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
    return s1 &+ w[(t - 7) & 15] &+ s0 &+ w[t & 15]
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
