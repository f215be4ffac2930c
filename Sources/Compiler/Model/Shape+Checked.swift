extension Sequence where Element == Int {
    /// The product of the elements (a tensor's element count), or nil when an element is negative or the product
    /// exceeds `limit`. Shapes come from files, so their products are checked rather than trapped on.
    func checkedProduct(atMost limit: Int = .max) -> Int? {
        var product = 1
        for d in self {
            guard d >= 0 else { return nil }
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow, p <= limit else { return nil }
            product = p
        }
        return product
    }
}
