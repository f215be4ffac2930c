/// Embedding lookups: `Gather` (axis 0) of a constant table [V, D…] by the model's integer input (token ids of any
/// shape). One `embedding` layer; output shape ids.shape + [D…]. Cost and error in `EmbeddingParameters`.
extension NodeLowering {
    static func lowerEmbedding(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (ids, idShape) = try c.data(1)
        guard ids == 0, b.integerInput else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "indices",
                reason: "computed indices must be the model's integer input (token ids); the table a constant")
        }
        guard case let .constant(table) = try c.arg(0) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "data",
                reason: "an embedding table must be a constant (initializer)")
        }
        let axis = try c.attributes.int("axis", default: 0)
        guard axis == 0 || axis == -Int64(table.shape.count), table.shape.count >= 1 else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axis",
                reason: "an embedding lookup gathers rows (axis 0), got axis \(axis)")
        }
        let vocabulary = table.shape[0]
        let rowShape = Array(table.shape.dropFirst())
        let width = rowShape.reduce(1, *)
        guard vocabulary >= 1, width >= 1, table.values.allSatisfy(\.isFinite) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "data", reason: "the table must be non-empty and finite")
        }
        let tokens = idShape.reduce(1, *)
        let e = EmbeddingTable(
            vocabulary: vocabulary, width: width, table: table.values,
            bias: Array(repeating: 0, count: tokens * width))
        return b.add(c.node.name, .embedding(e), inputs: [ids], shape: idShape + rowShape)
    }
}
