/// What the values of a `Polynomial` mean: `Coefficients`, `Evaluations` (on an evaluation domain H) or
/// `CosetEvaluations` (on its coset g·H). Marker types only, after swift-homomorphic-encryption's
/// `PolyRq<T, Coeff>` / `PolyRq<T, Eval>`: the form is part of the type, so a transform applied to the wrong
/// form does not compile.
public protocol PolynomialForm: Sendable {}

/// Coefficients f_0, f_1, …, lowest degree first.
public enum Coefficients: PolynomialForm {}
/// Values f(ω^i) on the domain H = {ω^i}, in natural order.
public enum Evaluations: PolynomialForm {}
/// Values f(g·ω^i) on the coset g·H (g = `EvaluationDomain.cosetShift`), in natural order.
public enum CosetEvaluations: PolynomialForm {}

/// A polynomial over F_r, as coefficients or as evaluations, with the form in its type.
///
/// Invariant: `values` are reduced `Fr` values in the meaning `Form` names. Evaluations belong to one domain
/// (the one whose transform produced them, or whose points the caller evaluated at); the type records the
/// form, not the domain size, which the transforms check. Transforms take the polynomial `consuming` and
/// work in place on its storage, so a chain of transforms copies nothing while each result has one owner.
public struct Polynomial<Form: PolynomialForm>: Sendable {
    /// The values, in the meaning `Form` names.
    public var values: [Fr]

    /// Wraps values that have the form `Form`.
    @inlinable
    public init(_ values: [Fr]) { self.values = values }

    /// The number of values.
    @inlinable
    public var count: Int { values.count }

    /// The values, giving up this polynomial (a move, not a copy, when it has no other owner).
    @inlinable
    public consuming func takeValues() -> [Fr] { values }
}

extension EvaluationDomain {
    /// Coefficients → evaluations on the domain (`forwardNTT`; fewer than n coefficients are zero-padded).
    public func forwardNTT(
        _ polynomial: consuming Polynomial<Coefficients>, threads: Int? = nil
    ) -> Polynomial<Evaluations> {
        var values = polynomial.takeValues()
        forwardNTT(&values, threads: threads)
        return Polynomial(values)
    }

    /// Evaluations on the domain → coefficients (`inverseNTT`; exactly n values).
    public func inverseNTT(
        _ polynomial: consuming Polynomial<Evaluations>, threads: Int? = nil
    ) -> Polynomial<Coefficients> {
        var values = polynomial.takeValues()
        inverseNTT(&values, threads: threads)
        return Polynomial(values)
    }

    /// Coefficients → evaluations on the coset g·H (`cosetForwardNTT`; fewer than n coefficients are
    /// zero-padded).
    public func cosetForwardNTT(
        _ polynomial: consuming Polynomial<Coefficients>, threads: Int? = nil
    ) -> Polynomial<CosetEvaluations> {
        var values = polynomial.takeValues()
        cosetForwardNTT(&values, threads: threads)
        return Polynomial(values)
    }

    /// Evaluations on the coset g·H → coefficients (`cosetInverseNTT`; exactly n values).
    public func cosetInverseNTT(
        _ polynomial: consuming Polynomial<CosetEvaluations>, threads: Int? = nil
    ) -> Polynomial<Coefficients> {
        var values = polynomial.takeValues()
        cosetInverseNTT(&values, threads: threads)
        return Polynomial(values)
    }
}
