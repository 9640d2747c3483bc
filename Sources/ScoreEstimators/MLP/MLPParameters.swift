import LinearAlgebra
import RandomStreams

/// The weights and biases of an `MLPArchitecture`, and their flattening for the optimiser.
///
/// Layer l holds W_l (fan-out × fan-in, y = W_l h + b_l) and b_l (fan-out). The flat vector θ lists, layer
/// after layer, the entries of W_l row-major and then b_l:
/// ```
/// θ = [vec(W₀), b₀, vec(W₁), b₁, …, vec(W_L), b_L],   |θ| = Σ_l fan-out_l·(fan-in_l + 1)
/// ```
/// Gradients use the same type and the same order, so Adam works on θ and ∇θ elementwise.
public struct MLPParameters: Equatable, Sendable {
    /// One affine layer.
    public struct Layer: Equatable, Sendable {
        /// W (fan-out × fan-in).
        public var weights: Matrix
        /// b (fan-out).
        public var bias: [Double]

        public init(weights: Matrix, bias: [Double]) {
            precondition(bias.count == weights.rows, "MLPParameters.Layer: \(bias.count) biases for \(weights.rows) outputs")
            self.weights = weights
            self.bias = bias
        }
    }

    /// The L + 1 layers, input first.
    public var layers: [Layer]

    public init(layers: [Layer]) {
        self.layers = layers
    }

    /// LeCun-normal initialisation: W_l entries N(0, 1/fan-in), b_l = 0, drawn layer after layer, row-major,
    /// from `stream` (so the same stream state gives the same bits).
    public init(initialising architecture: MLPArchitecture, stream: RandomStream) {
        layers = architecture.layerShapes.map { shape in
            let scale = 1 / Double(shape.columns).squareRoot()
            return Layer(weights: scale * Matrix.gaussian(rows: shape.rows, columns: shape.columns, stream: stream),
                         bias: [Double](repeating: 0, count: shape.rows))
        }
    }

    /// All zeros, shaped like `architecture`.
    public init(zerosLike architecture: MLPArchitecture) {
        layers = architecture.layerShapes.map {
            Layer(weights: Matrix(rows: $0.rows, columns: $0.columns), bias: [Double](repeating: 0, count: $0.rows))
        }
    }

    /// Parameters shaped like `template`, with entries from the flat vector θ (see the type's order).
    public init(shapedLike template: MLPParameters, flattened theta: [Double]) {
        precondition(theta.count == template.count, "MLPParameters: \(theta.count) values for \(template.count) parameters")
        var offset = 0
        layers = template.layers.map { layer in
            let size = layer.weights.elements.count, out = layer.bias.count
            defer { offset += size + out }
            return Layer(weights: Matrix(rows: layer.weights.rows, columns: layer.weights.columns,
                                         elements: Array(theta[offset..<(offset + size)])),
                         bias: Array(theta[(offset + size)..<(offset + size + out)]))
        }
    }

    /// |θ|.
    public var count: Int { layers.reduce(0) { $0 + $1.weights.elements.count + $1.bias.count } }

    /// θ in the type's order.
    public var flattened: [Double] {
        var theta: [Double] = []
        theta.reserveCapacity(count)
        for layer in layers { theta += layer.weights.elements; theta += layer.bias }
        return theta
    }
}
