/// A copy of `Circuits/tiny-mlp/` (model and example input) inside the binary, so `zkinfer demo` works where
/// the package's `Circuits/` directory cannot be found. The end-to-end tests check that it equals the files in
/// `Circuits/tiny-mlp/` byte for byte (regenerate by pasting them if that test fails).
public enum EmbeddedModel {
    /// The embedded example's name (its `Circuits/` directory).
    public static let name = "tiny-mlp"

    /// `Circuits/tiny-mlp/model.json`, byte for byte.
    public static let modelJSON = #"""
        {
          "format": "zkinfer-model",
          "version": 1,
          "name": "tiny-mlp",
          "input": { "name": "x", "shape": [1, 4], "range": [-1, 1] },
          "layers": [
            { "op": "dense", "name": "hidden",
              "weights": [[ 0.50, -0.25,  0.75,  0.10],
                          [-0.40,  0.60,  0.20, -0.30],
                          [ 0.30,  0.30, -0.50,  0.80]],
              "bias": [0.10, -0.05, 0.00] },
            { "op": "relu" },
            { "op": "dense", "name": "out",
              "weights": [[ 1.00, -0.50,  0.25],
                          [-0.75,  0.50,  1.00]],
              "bias": [0.05, -0.10] }
          ]
        }

        """#

    /// `Circuits/tiny-mlp/input.json`, byte for byte.
    public static let inputJSON = #"""
        { "shape": [1, 4], "data": [0.5, -0.25, 0.75, 0.125] }

        """#
}
