import Hashing

/// SHA-256 digests as zkinfer prints and stores them: 64 lowercase hex digits.
///
/// Invariant: every `String` digest produced here is exactly 64 lowercase hex characters.
public enum Digest {
    /// SHA-256 (FIPS 180-4) of `bytes`, as 32 raw bytes.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        SHA256.hash(bytes)
    }

    /// SHA-256 of `bytes` as lowercase hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(bytes))
    }

    /// SHA-256 of the file at `path` as lowercase hex.
    public static func fileSHA256Hex(_ path: String) throws(ZKInferError) -> String {
        sha256Hex(try FileIO.read(path))
    }
}
