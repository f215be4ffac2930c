import BN254

/// Multiplies one fixed generator by many scalars with a windowed table (the fixed-base comb of
/// Menezes–van Oorschot–Vanstone, "Handbook of Applied Cryptography" §14.6.3, as arkworks'
/// `FixedBase::msm` and gnark's setup use it): with a w-bit window the table holds d·2^(w·k)·g for every
/// window k and digit d ∈ [1, 2^w), so each scalar costs ⌈254/w⌉ mixed additions and no doublings.
///
/// Written once over the coordinate field (`Fq` for G1, `Fq2` for G2); the `Jacobian` formulas are `@inlinable`,
/// so each instantiation is specialised here, with no generic dispatch per element.
/// Used by the trusted setup only (variable time: the toxic waste must not be processed on a machine where
/// timing is observable by an adversary).
struct FixedBaseTable<F: CurveField> {
    typealias G = Jacobian<F>
    let window: Int
    let windowCount: Int
    let rowLength: Int
    /// table[k·rowLength + d − 1] = d·2^(w·k)·g, affine.
    let table: [F.Affine]

    static var scalarBits: Int { 254 }

    /// The window minimising table construction plus ⌈254/w⌉ additions per scalar, capped at `maxWindow`
    /// (memory: 2^w·⌈254/w⌉ affine points).
    static func window(forScalarCount count: Int, maxWindow: Int = 15) -> Int {
        var best = 1
        var bestCost = Double.infinity
        for w in 1...maxWindow {
            let windows = Double((scalarBits + w - 1) / w)
            // Building costs about 1.5 mixed additions per entry (Jacobian additions + normalisation).
            let cost = windows * (1.5 * Double(1 << w) + Double(count))
            if cost < bestCost {
                bestCost = cost
                best = w
            }
        }
        return best
    }

    init(generator: F.Affine, window: Int, threads: Int) {
        self.window = window
        self.windowCount = (Self.scalarBits + window - 1) / window
        self.rowLength = (1 << window) - 1
        // Bases 2^(w·k)·g by doubling, then every row independently.
        var bases: [G] = []
        var base = G(generator)
        for _ in 0..<windowCount {
            bases.append(base)
            for _ in 0..<window { base = base.doubled() }
        }
        let rowLength = self.rowLength
        let windowCount = self.windowCount
        var rows = [[F.Affine]](repeating: [], count: windowCount)
        rows.withUnsafeMutableBufferPointer { rowsBuffer in
            let rowsPointer = rowsBuffer
            Parallel.execute(count: windowCount, threads: threads) { start, end in
                for k in start..<end {
                    var row: [G] = []
                    row.reserveCapacity(rowLength)
                    var acc = bases[k]
                    row.append(acc)
                    for _ in 1..<max(rowLength, 1) {
                        acc = acc + bases[k]
                        row.append(acc)
                    }
                    rowsPointer[k] = G.batchToAffine(Array(row.prefix(rowLength)))
                }
            }
        }
        self.table = rows.flatMap { $0 }
    }

    @inline(__always)
    static func limb(_ l: (UInt64, UInt64, UInt64, UInt64), _ index: Int) -> UInt64 {
        switch index {
        case 0: return l.0
        case 1: return l.1
        case 2: return l.2
        case 3: return l.3
        default: return 0
        }
    }

    /// The `width`-bit digit starting at `bit` of a scalar given by its canonical little-endian limbs.
    @inline(__always)
    static func digit(_ limbs: (UInt64, UInt64, UInt64, UInt64), bit: Int, width: Int) -> Int {
        let index = bit >> 6
        let shift = UInt64(bit & 63)
        var value = limb(limbs, index) &>> shift
        if shift != 0, Int(shift) + width > 64 { value |= limb(limbs, index + 1) &<< (64 - shift) }
        return Int(truncatingIfNeeded: value & ((1 << UInt64(width)) - 1))
    }

    /// [s_i]·g for every scalar, in order, as affine points (zero scalars give the point at infinity).
    /// Work is split in blocks (each block: additions, then one batch normalisation), which bounds the
    /// Jacobian scratch to one block per thread.
    func multiply(_ scalars: [Fr], threads: Int) -> [F.Affine] {
        let count = scalars.count
        guard count > 0 else { return [] }
        let blockSize = 1 << 14
        let blockCount = (count + blockSize - 1) / blockSize
        var blocks = [[F.Affine]](repeating: [], count: blockCount)
        let table = self.table
        let window = self.window
        let windowCount = self.windowCount
        let rowLength = self.rowLength
        blocks.withUnsafeMutableBufferPointer { blocksBuffer in
            let blocksPointer = blocksBuffer
            table.withUnsafeBufferPointer { tablePointer in
                scalars.withUnsafeBufferPointer { scalarPointer in
                    Parallel.execute(count: blockCount, threads: threads) { start, end in
                        for block in start..<end {
                            let start = block * blockSize
                            let end = min(start + blockSize, count)
                            var points: [G] = []
                            points.reserveCapacity(end - start)
                            for i in start..<end {
                                let limbs = scalarPointer[i].canonicalLimbs
                                var acc = G.infinity
                                for k in 0..<windowCount {
                                    let d = Self.digit(limbs, bit: k * window, width: window)
                                    if d != 0 { acc = acc + tablePointer[k * rowLength + d - 1] }
                                }
                                points.append(acc)
                            }
                            blocksPointer[block] = G.batchToAffine(points)
                        }
                    }
                }
            }
        }
        return blocks.flatMap { $0 }
    }
}
