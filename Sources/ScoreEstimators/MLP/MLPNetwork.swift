import Foundation
import LinearAlgebra

/// The multilayer perceptron of an `MLPArchitecture` evaluated on a batch, with backpropagation.
///
/// Forward pass for a batch H₀ (B × fan-in, one input per row), 1 the all-ones B-vector:
/// ```
/// Z_l = H_l W_lᵀ + 1 b_lᵀ        (l = 0 … L; one dgemm each)
/// H_{l+1} = φ(Z_l)               (l < L; φ = SiLU, elementwise)
/// output  = Z_L                  (B × n)
/// ```
/// Backward pass, given G_L = ∂ℒ/∂Z_L (B × n) for a scalar loss ℒ:
/// ```
/// ∂ℒ/∂W_l = G_lᵀ H_l,   ∂ℒ/∂b_l = G_lᵀ 1                     (dgemm, dgemv)
/// G_{l−1} = (G_l W_l) ⊙ φ′(Z_{l−1})                            (dgemm, then elementwise)
/// φ(z) = z·σ(z),   φ′(z) = σ(z)·(1 + z(1 − σ(z))),   σ(z) = 1/(1 + e^{−z})
/// ```
/// Every product over the weights is one BLAS level-3 call for the whole batch; only the bias, the
/// activation and its derivative are elementwise loops. Derivation: proofs/core.dsm.md.
public struct MLPNetwork: Equatable, Sendable {
    /// What the forward pass keeps for the backward pass.
    public struct Cache: Sendable {
        /// H₀ … H_L (the inputs of every affine layer).
        public let inputs: [Matrix]
        /// σ(Z_l) for the hidden layers l < L (φ′ is computed from it and Z_l).
        let sigmoids: [Matrix]
        /// Z_l for the hidden layers l < L.
        let preActivations: [Matrix]
        /// Z_L, the network output.
        public let output: Matrix
    }

    public let architecture: MLPArchitecture
    public var parameters: MLPParameters

    public init(architecture: MLPArchitecture, parameters: MLPParameters) {
        let shapes = architecture.layerShapes
        precondition(parameters.layers.count == shapes.count
                     && zip(parameters.layers, shapes).allSatisfy { $0.weights.rows == $1.rows && $0.weights.columns == $1.columns },
                     "MLPNetwork: parameters do not match the architecture's layer shapes \(shapes)")
        self.architecture = architecture
        self.parameters = parameters
    }

    /// The output net(H₀) (B × n) only.
    public func callAsFunction(_ inputs: Matrix) -> Matrix { forward(inputs).output }

    /// The forward pass (see the type's formula), keeping what `backward` needs.
    public func forward(_ inputs: Matrix) -> Cache {
        precondition(inputs.columns == architecture.inputSize,
                     "MLPNetwork.forward: inputs have \(inputs.columns) columns, expected \(architecture.inputSize)")
        var layerInputs = [inputs], sigmoids: [Matrix] = [], preActivations: [Matrix] = []
        for (index, layer) in parameters.layers.enumerated() {
            let z = Self.affine(layerInputs[index], layer)
            if index == parameters.layers.count - 1 {
                return Cache(inputs: layerInputs, sigmoids: sigmoids, preActivations: preActivations, output: z)
            }
            var sigmoid = z, activated = z
            for k in z.elements.indices {
                let value = 1 / (1 + exp(-z.elements[k]))
                sigmoid.elements[k] = value
                activated.elements[k] = z.elements[k] * value
            }
            preActivations.append(z)
            sigmoids.append(sigmoid)
            layerInputs.append(activated)
        }
        preconditionFailure("MLPNetwork.forward: an architecture has at least one layer")
    }

    /// ∂ℒ/∂θ for the batch of `cache`, given G_L = ∂ℒ/∂output (B × n), as parameters of the same shapes.
    public func backward(_ cache: Cache, outputGradient: Matrix) -> MLPParameters {
        precondition(outputGradient.rows == cache.output.rows && outputGradient.columns == cache.output.columns,
                     "MLPNetwork.backward: gradient is \(outputGradient.rows)×\(outputGradient.columns), output \(cache.output.rows)×\(cache.output.columns)")
        var gradients = parameters.layers
        var g = outputGradient
        let ones = [Double](repeating: 1, count: g.rows)
        for index in stride(from: parameters.layers.count - 1, through: 0, by: -1) {
            gradients[index] = MLPParameters.Layer(weights: Matrix.product(g, transposeA: true, cache.inputs[index]),
                                                   bias: g.transposedTimes(ones))
            guard index > 0 else { break }
            var upstream = Matrix.product(g, parameters.layers[index].weights)
            let z = cache.preActivations[index - 1], sigmoid = cache.sigmoids[index - 1]
            for k in upstream.elements.indices {
                let s = sigmoid.elements[k]
                upstream.elements[k] *= s * (1 + z.elements[k] * (1 - s))
            }
            g = upstream
        }
        return MLPParameters(layers: gradients)
    }

    /// H Wᵀ + 1 bᵀ.
    private static func affine(_ input: Matrix, _ layer: MLPParameters.Layer) -> Matrix {
        var z = Matrix(rows: input.rows, columns: layer.weights.rows)
        let width = z.columns
        z.elements.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<input.rows { for j in 0..<width { buffer[i * width + j] = layer.bias[j] } }
        }
        Matrix.gemm(input, layer.weights, transposeB: true, beta: 1, into: &z)
        return z
    }
}
