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
                throw .invalidJSON(
                    "an input object needs \"shape\" (array of integers) and \"data\" (flat array of numbers)")
            }
            var shape: [Int] = []
            for (i, d) in shapeAny.enumerated() {
                let n = try number(d, path: "shape[\(i)]")
                guard n == n.rounded(), n >= 1 else {
                    throw .invalidJSON("\"shape\" must hold positive integers, got \(n)")
                }
                guard n <= Double(maxDimension) else {
                    throw .invalidJSON("\"shape\" dimension \(integerText(n)) is too large (at most \(maxDimension))")
                }
                shape.append(Int(n))
            }
            guard let count = shape.checkedProduct() else {
                throw .invalidInput("\"shape\" \(shape) describes more elements than an Int can count")
            }
            let data = try dataAny.enumerated().map { i, v throws(CompilerError) in try number(v, path: "data[\(i)]") }
            guard data.count == count else {
                throw .invalidInput("\"data\" has \(data.count) values but \"shape\" \(shape) needs \(count)")
            }
            return Tensor(shape: shape, data: data)
        }
        var shape: [Int] = []
        var data: [Double] = []
        try flatten(object, depth: 0, shape: &shape, data: &data, path: "input")
        return Tensor(shape: shape.isEmpty ? [1] : shape, data: data)
    }

    /// Largest dimension an input document may declare (larger ones cannot be a model input; see
    /// `GraphLowering.maxElements`).
    static let maxDimension = 1 << 31

    static func number(_ v: Any, path: String) throws(CompilerError) -> Double {
        guard let n = v as? NSNumber, !isBoolean(v) else {
            throw .invalidInput("\(path) is not a number (\(jsonKind(v)))")
        }
        let d = n.doubleValue
        guard d.isFinite else { throw .invalidInput("\(path) is not finite (\(d))") }
        return d
    }

    /// An integral Double as integer text ("1099511627776", not "1099511627776.0"); beyond Int's range as is.
    static func integerText(_ d: Double) -> String {
        d.magnitude < 0x1p63 ? String(Int(d)) : String(d)
    }

    /// Whether a JSONSerialization value is `true`/`false` (which bridge to NSNumber; objCType "c").
    static func isBoolean(_ v: Any) -> Bool {
        // Not `v is Bool`: on Linux that is also true for the numbers 0 and 1.
        guard let n = v as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    /// What a JSON value that should have been a number is, for an error message (no raw dump of large values).
    static func jsonKind(_ v: Any) -> String {
        if isBoolean(v), let n = v as? NSNumber { return "the boolean \(n.boolValue)" }
        if let text = v as? String { return text.count <= 32 ? "the string \"\(text)\"" : "a string" }
        if v is NSNull { return "null" }
        if v is [Any] { return "an array" }
        if v is [String: Any] { return "an object" }
        return "\(type(of: v))"
    }

    static func flatten(_ v: Any, depth: Int, shape: inout [Int], data: inout [Double], path: String)
        throws(CompilerError)
    {
        if let array = v as? [Any] {
            if depth == shape.count {
                guard data.isEmpty else {
                    throw .invalidInput("ragged nested array at \(path): an array where a number was expected")
                }
                shape.append(array.count)
            } else if depth > shape.count || shape[depth] != array.count {
                throw .invalidInput(
                    "ragged nested array at \(path): expected \(depth < shape.count ? shape[depth] : 0) elements, got \(array.count)"
                )
            }
            guard !array.isEmpty else { throw .invalidInput("empty array at \(path)") }
            for (i, e) in array.enumerated() {
                try flatten(e, depth: depth + 1, shape: &shape, data: &data, path: "\(path)[\(i)]")
            }
        } else {
            guard depth == shape.count else {
                throw .invalidInput("ragged nested array at \(path): a number where an array was expected")
            }
            data.append(try number(v, path: path))
        }
    }

    /// This tensor reshaped to `expected` when the element counts agree and the shapes are equal up to leading
    /// 1-dimensions (a [64] vector is accepted for a [1, 64] input), or this tensor is flat (a row-major array of
    /// any input shape, as EZKL users have them); otherwise `.invalidInput`.
    public func conformed(to expected: [Int], name: String) throws(CompilerError) -> Tensor {
        let strip: ([Int]) -> ArraySlice<Int> = { s in s.drop(while: { $0 == 1 }) }
        guard data.count == expected.checkedProduct(), strip(shape) == strip(expected) || shape.count == 1 else {
            throw .invalidInput("input '\(name)' must have shape \(expected), got \(shape)")
        }
        for (i, v) in data.enumerated() where !v.isFinite {
            throw .invalidInput("input '\(name)' element \(i) is not finite (\(v))")
        }
        return Tensor(shape: expected, data: data)
    }
}
