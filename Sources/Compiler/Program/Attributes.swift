/// Typed attribute access with defaults; a present attribute of the wrong kind is an error.
struct Attributes {
    let node: Node

    func int(_ name: String, default d: Int64) throws(CompilerError) -> Int64 {
        guard let a = node.attributes[name] else { return d }
        guard case let .int(v) = a else { throw wrongType(name, "INT") }
        return v
    }

    func ints(_ name: String, default d: [Int64]) throws(CompilerError) -> [Int64] {
        guard let a = node.attributes[name] else { return d }
        guard case let .ints(v) = a else { throw wrongType(name, "INTS") }
        return v
    }

    func float(_ name: String, default d: Float) throws(CompilerError) -> Float {
        guard let a = node.attributes[name] else { return d }
        switch a {
        case let .float(v): return v
        case let .int(v): return Float(v)
        default: throw wrongType(name, "FLOAT")
        }
    }

    func string(_ name: String, default d: String) throws(CompilerError) -> String {
        guard let a = node.attributes[name] else { return d }
        guard case let .string(v) = a else { throw wrongType(name, "STRING") }
        return v
    }

    private func wrongType(_ name: String, _ expected: String) -> CompilerError {
        .unsupportedAttribute(
            op: node.opType, node: node.name, attribute: name,
            reason: "expected type \(expected), got \(node.attributes[name]!)")
    }
}
