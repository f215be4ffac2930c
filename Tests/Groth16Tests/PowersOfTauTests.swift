import BN254
import Foundation
import Groth16
import Testing

/// `.ptau` reading and phase-1 verification against real snarkjs files (Fixtures/snarkjs, see its README).
@Suite struct PowersOfTauTests {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/snarkjs/" + name).path
    }

    @Test func readsFreshAndContributedFiles() throws {
        let fresh = try PowersOfTau(path: Self.path("pot12_0000.ptau"))
        #expect(fresh.power == 12 && fresh.ceremonyPower == 12)
        #expect(fresh.contributions.isEmpty && !fresh.isPrepared)
        // A fresh file holds the generators.
        #expect(try fresh.g1Points(section: 2, start: 0, count: 3) == [G1Affine](repeating: .generator, count: 3))
        let one = try PowersOfTau(path: Self.path("pot12_0001.ptau"))
        #expect(one.contributions.count == 1)
        #expect(one.contributions[0].name == "First contribution")
        #expect(!one.contributions[0].isBeacon)
        let points = try one.g1Points(section: 2, start: 0, count: 2)
        #expect(points[0] == .generator && points[1] == one.contributions[0].tauG1)
    }

    /// snarkjs `powersoftau verify` accepts pot12_0001; so must we (this checks hash-to-G2, the ChaCha stream,
    /// the partial-hash resume and the uncompressed encodings bit for bit, since the proofs of knowledge would
    /// not verify otherwise).
    @Test func verifiesTheContribution() throws {
        let ptau = try PowersOfTau(path: Self.path("pot12_0001.ptau"))
        let report = try ptau.verify(subgroupCheckedG2Powers: 16)
        #expect(report.contributions.count == 1)
        #expect(report.contributions[0].name == "First contribution")
        #expect(report.contributions[0].nextChallenge == ptau.contributions[0].nextChallenge)
    }

    @Test func freshFileIsNotForProduction() throws {
        let ptau = try PowersOfTau(path: Self.path("pot12_0000.ptau"))
        #expect(
            throws: CeremonyError.verificationFailed(
                file: "pot12_0000.ptau",
                what: "section 7: the file has no contribution; it cannot be used in production")
        ) { try ptau.verify() }
    }

    /// pot12_final.ptau is damaged (an interrupted `prepare phase2`): a one-line error naming file and section.
    @Test func rejectsTheDamagedFile() throws {
        do {
            _ = try PowersOfTau(path: Self.path("pot12_final.ptau"))
            Issue.record("the damaged file was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("pot12_final.ptau: header: entry 9 of 11 in the section table"))
            #expect(message.contains("declares section 3314486685 of 17710136419824780173 bytes, only"))
            #expect(!message.contains("\n"))
        }
    }
}
