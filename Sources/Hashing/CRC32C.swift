/// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78 (= 0x1EDC6F41 bit-reversed), initial value and final XOR
/// 0xFFFFFFFF — the checksum of iSCSI (RFC 3720 §B.4), ext4 metadata and LevelDB/RocksDB log blocks.
/// Check value: CRC32C("123456789") = 0xE3069283.
///
/// Detects every error burst of ≤ 32 bits, so every single corrupted byte. It is an error-detecting code, not a
/// cryptographic hash: anyone can recompute it after tampering. Table-driven (one 256-entry table, derived at first
/// use from the polynomial), byte at a time.
public enum CRC32C {
    /// The reflected Castagnoli polynomial.
    public static let polynomial: UInt32 = 0x82F6_3B78

    private static let table: [UInt32] = (0..<256).map { (n: UInt32) -> UInt32 in
        var c = n
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ polynomial : c >> 1 }
        return c
    }

    /// CRC-32C of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let done: UInt32? = bytes.withContiguousStorageIfAvailable { checksum(UnsafeRawBufferPointer($0)) }
        if let done { return done }
        return table.withUnsafeBufferPointer { t in
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes { crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            return ~crc
        }
    }

    /// CRC-32C of raw memory.
    public static func checksum(_ buf: UnsafeRawBufferPointer) -> UInt32 {
        table.withUnsafeBufferPointer { t in
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in buf { crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            return ~crc
        }
    }
}
