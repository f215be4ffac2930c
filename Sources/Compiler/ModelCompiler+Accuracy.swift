/// Input quantization and the float-vs-fixed-point comparison used by calibration and the compile report.
extension ModelCompiler {
    /// Quantizes a float input at the program's scale (`toNearestOrAway`: ties away from zero, `Double.rounded()`)
    /// and checks the bound. Throws `.invalidInput` for a wrong shape or non-finite value, `.outOfBound` naming
    /// the element.
    static func quantize(_ input: Tensor, program: FixedPointProgram) throws(CompilerError) -> [Int64] {
        let t = try input.conformed(to: program.inputShape, name: program.inputName)
        let one = Double(1 << program.scaleBits)
        let bound = Double(program.inputLower) / one...Double(program.inputUpper) / one
        var out: [Int64] = []
        out.reserveCapacity(t.data.count)
        for (i, v) in t.data.enumerated() {
            // The value itself must lie in the bound the error message states (not only its rounded image, which
            // would accept up to half a unit more on either side).
            guard bound.contains(v) else {
                throw .outOfBound(tensor: program.inputName, index: i, value: v, bound: bound)
            }
            out.append(Int64((v * one).rounded()))
        }
        return out
    }

    /// Float output and dequantized fixed-point output, compared on the tensor before an ArgMax head (if any).
    static func comparableOutputs(
        _ fp: FloatProgram, _ program: FixedPointProgram, sample: Tensor,
        fixedTrace: [[Int64]]
    ) -> ([Double], [Double]) {
        let floatTrace = FloatExecutor.run(fp, input: sample.data)
        var fIndex = fp.layers.count
        var qIndex = program.outputTensor
        if case .argmax? = fp.layers.last?.op, case .argmax? = program.layers.last?.op {
            fIndex = fp.layers.last!.inputs[0]
            qIndex = program.layers.last!.inputs[0]
        }
        let scale = qIndex == 0 ? program.scaleBits : program.layers[qIndex - 1].scale
        let one = Double(1 << scale)
        return (floatTrace[fIndex], fixedTrace[qIndex].map { Double($0) / one })
    }
}
