import Hashing

extension Phase2Transcript {
    /// The transcript as a file of its own (a bundle's `phase2.transcript`): an iden3 binfile with magic "zkey",
    /// version 1 and the single section 10 of a snarkjs `.zkey`, so snarkjs's reader of that section applies.
    public var fileBytes: [UInt8] {
        var w = Hashing.ByteWriter()
        ZKey.append(self, to: &w)
        return BinFile.write(magic: ZKey.magic, version: ZKey.version, sections: [(10, w.bytes)])
    }

    /// Decodes `fileBytes`; `file` names the file in errors.
    public init(fileBytes bytes: [UInt8], file: String) throws(CeremonyError) {
        do throws(BinFileError) {
            let bin = try BinFile(bytes: bytes, file: file, magic: ZKey.magic, versions: ZKey.version...ZKey.version)
            guard let transcript = try ZKey.readTranscript(bin, { bin.error(10, "contributions", $0) }) else {
                throw bin.error(10, "contributions", "missing")
            }
            self = transcript
        } catch {
            throw .malformed(file: file, section: 10, reason: error.reason)
        }
    }
}
