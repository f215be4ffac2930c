// Carry-chain primitives for 4×64-bit limb arithmetic. Written with UInt128 so that the compiler emits
// mul/adc/sbb without branches (STYLE.md §4.3: the Bool-carry form compiled to mispredicted jumps).

/// a·b + c + d as (hi, lo); cannot overflow 128 bits ((2^64−1)² + 2(2^64−1) = 2^128 − 1).
@inlinable @inline(__always)
func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (hi: UInt64, lo: UInt64) {
    let w = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(d)
    return (UInt64(truncatingIfNeeded: w &>> 64), UInt64(truncatingIfNeeded: w))
}

/// a + b + carry (carry ∈ {0, 1}) as (sum, carry out ∈ {0, 1}).
@inlinable @inline(__always)
func addCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let w = UInt128(a) &+ UInt128(b) &+ UInt128(carry)
    return (UInt64(truncatingIfNeeded: w), UInt64(truncatingIfNeeded: w &>> 64))
}

/// a − b − borrow (borrow ∈ {0, 1}) as (difference, borrow out ∈ {0, 1}).
@inlinable @inline(__always)
func subBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let w = UInt128(a) &- UInt128(b) &- UInt128(borrow)
    return (UInt64(truncatingIfNeeded: w), UInt64(truncatingIfNeeded: w &>> 64) & 1)
}
