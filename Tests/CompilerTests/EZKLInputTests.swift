import Compiler
import Foundation
import Testing

/// EZKL's input file format and flat arrays for inputs of any shape.
@Suite struct EZKLInputTests {
    @Test func ezklInputDataAndFlatArrays() throws {
        let t = try Tensor.parse(json: Array(#"{"input_data": [[0.5, -0.25, 0.75, 0.125, 0, 1]]}"#.utf8))
        #expect(t.shape == [6])
        #expect(try t.conformed(to: [1, 2, 3], name: "x").shape == [1, 2, 3])
        let flat = try Tensor.parse(json: Array("[1, 2, 3, 4, 5, 6]".utf8))
        #expect(try flat.conformed(to: [1, 3, 2], name: "x").data == [1, 2, 3, 4, 5, 6])
        #expect(throws: CompilerError.self) { try flat.conformed(to: [1, 4], name: "x") }
        let nested = try Tensor.parse(json: Array("[[1, 2, 3], [4, 5, 6]]".utf8))
        #expect(throws: CompilerError.self) { try nested.conformed(to: [1, 3, 2], name: "x") }
        for bad in [
            #"{"input_data": []}"#, #"{"input_data": [[1], [2]]}"#, #"{"input_data": [["a"]]}"#, #"{"input_data": 3}"#,
        ] {
            #expect(throws: CompilerError.self) { try Tensor.parse(json: Array(bad.utf8)) }
        }
    }
}
