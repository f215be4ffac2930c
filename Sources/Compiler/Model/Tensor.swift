import Foundation

/// A real-valued tensor: row-major `data` with `shape` (batch dimension included, e.g. [1, 784]).
///
/// Invariant (checked by `init(shape:data:)`-using parsers, not by the memberwise init): every value is finite
/// and `data.count == shape.reduce(1, *)`.
public struct Tensor: Codable, Sendable, Equatable {
    /// Dimensions, batch first (e.g. [1, 1, 28, 28]).
    public var shape: [Int]
    /// Row-major elements; `data.count == shape.reduce(1, *)` when well-formed.
    public var data: [Double]

    /// A tensor from its parts, unchecked (`parse(json:)` and `conformed(to:name:)` check).
    public init(shape: [Int], data: [Double]) {
        self.shape = shape
        self.data = data
    }

    /// Parses an input document: nested arrays (`[[0.1, 0.2], [0.3, 0.4]]`, shape inferred, must be
    /// rectangular), `{"shape": [...], "data": [...]}` (flat data), or EZKL's `{"input_data": [[...]]}` (one input,
    /// flattened). Rejects non-numbers, NaN/±inf, ragged
    /// arrays and a data length that does not match the shape, with a message naming the problem.
    public static func parse(json bytes: [UInt8]) throws(CompilerError) -> Tensor {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .invalidJSON("the input is not valid JSON (\(error.localizedDescription))")
        }
        if let dict = object as? [String: Any], let inputs = dict["input_data"] {
            // EZKL's input file: {"input_data": [[…]]}, one flattened array per model input.
            guard let list = inputs as? [Any], list.count == 1 else {
                throw .invalidJSON("\"input_data\" must be an array holding exactly one input array (EZKL format)")
            }
            var shape: [Int] = []
            var data: [Double] = []
            try flatten(list[0], depth: 0, shape: &shape, data: &data, path: "input_data[0]")
            return Tensor(shape: [data.count], data: data)
        }
        if let dict = object as? [String: Any] {
            guard let shapeAny = dict["shape"] as? [Any], let dataAny = dict["data"] as? [Any] else {
                throw .invalidJSON("an input object needs \"shape\" (array of integers) and \"data\" (flat array of numbers)")
            }
            var shape: [Int] = []
            for d in shapeAny {
                guard let n = d as? NSNumber, n.doubleValue == n.doubleValue.rounded(), n.intValue > 0 else {
                    throw .invalidJSON("\"shape\" must hold positive integers, got \(d)")
                }
                shape.append(n.intValue)
            }
            let data = try dataAny.enumerated().map { i, v throws(CompilerError) in try number(v, path: "data[\(i)]") }
            guard data.count == shape.reduce(1, *) else {
                throw .invalidInput("\"data\" has \(data.count) values but \"shape\" \(shape) needs \(shape.reduce(1, *))")
            }
            return Tensor(shape: shape, data: data)
        }
        var shape: [Int] = []
        var data: [Double] = []
        try flatten(object, depth: 0, shape: &shape, data: &data, path: "input")
        return Tensor(shape: shape.isEmpty ? [1] : shape, data: data)
    }

    static func number(_ v: Any, path: String) throws(CompilerError) -> Double {
        guard let n = v as? NSNumber, String(cString: n.objCType) != "c" else {  // "c": a JSON boolean
            throw .invalidInput("\(path) is not a number (\(v))")
        }
        let d = n.doubleValue
        guard d.isFinite else { throw .invalidInput("\(path) is not finite (\(d))") }
        return d
    }

    static func flatten(_ v: Any, depth: Int, shape: inout [Int], data: inout [Double], path: String) throws(CompilerError) {
        if let array = v as? [Any] {
            if depth == shape.count {
                guard data.isEmpty else { throw .invalidInput("ragged nested array at \(path): an array where a number was expected") }
                shape.append(array.count)
            } else if depth > shape.count || shape[depth] != array.count {
                throw .invalidInput("ragged nested array at \(path): expected \(depth < shape.count ? shape[depth] : 0) elements, got \(array.count)")
            }
            guard !array.isEmpty else { throw .invalidInput("empty array at \(path)") }
            for (i, e) in array.enumerated() { try flatten(e, depth: depth + 1, shape: &shape, data: &data, path: "\(path)[\(i)]") }
        } else {
            guard depth == shape.count else { throw .invalidInput("ragged nested array at \(path): a number where an array was expected") }
            data.append(try number(v, path: path))
        }
    }

    /// This tensor reshaped to `expected` when the element counts agree and the shapes are equal up to leading
    /// 1-dimensions (a [64] vector is accepted for a [1, 64] input), or this tensor is flat (a row-major array of
    /// any input shape, as EZKL users have them); otherwise `.invalidInput`.
    public func conformed(to expected: [Int], name: String) throws(CompilerError) -> Tensor {
        let strip: ([Int]) -> ArraySlice<Int> = { s in s.drop(while: { $0 == 1 }) }
        guard data.count == expected.reduce(1, *), strip(shape) == strip(expected) || shape.count == 1 else {
            throw .invalidInput("input '\(name)' must have shape \(expected), got \(shape)")
        }
        for (i, v) in data.enumerated() where !v.isFinite {
            throw .invalidInput("input '\(name)' element \(i) is not finite (\(v))")
        }
        return Tensor(shape: expected, data: data)
    }
}
