import InputErrors

/// The shape of the small score network: a multilayer perceptron from the preconditioned point and the
/// time embedding to n outputs.
/// ```
/// input  h₀ = [c_in(t)·x_t, e(t)] ∈ ℝ^{n+m}          (m = `TimeEmbedding.size`)
/// hidden h_{l+1} = φ(W_l h_l + b_l),  l = 0 … L−1    (width w each, L = `hiddenLayers`)
/// output net(x, t) = W_L h_L + b_L ∈ ℝⁿ               (linear)
/// ```
/// Activation φ = SiLU, φ(z) = z·sigmoid(z) (also called swish): smooth (C^∞, so the score network is
/// smooth in x, as a score is), non-saturating for z > 0, and φ′(z) = sigmoid(z)·(1 + z(1 − sigmoid(z)))
/// is cheap given sigmoid(z). It was chosen over tanh because tanh saturates at the large
/// pre-activations that the far tails of a mixture produce, which slows training there.
///
/// Weight matrices follow the y = Wx + b convention: W_l is fan-out × fan-in.
public struct MLPArchitecture: Equatable, Sendable {
    /// The activation of the hidden layers (only SiLU is implemented; the case keeps the file format open).
    public enum Activation: String, Sendable, CaseIterable {
        /// φ(z) = z/(1 + e^{−z}).
        case silu
    }

    /// The data dimension n (inputs and outputs of the network besides the time features).
    public let dimension: Int
    /// The number of hidden layers L, 1 … 8 (2–4 is the useful range).
    public let hiddenLayers: Int
    /// The width w of every hidden layer, ≥ 1.
    public let width: Int
    /// The time features.
    public let timeEmbedding: TimeEmbedding
    /// φ of the hidden layers.
    public let activation: Activation

    /// L when none is given: 3 hidden layers.
    public static let defaultHiddenLayers = 3
    /// w when none is given: 128 units per hidden layer.
    public static let defaultWidth = 128

    /// - Throws: `InputError` naming `dimension`, `hiddenLayers` or `width` when out of range.
    public init(dimension: Int, hiddenLayers: Int = MLPArchitecture.defaultHiddenLayers, width: Int = MLPArchitecture.defaultWidth,
                timeEmbedding: TimeEmbedding = TimeEmbedding(), activation: Activation = .silu) throws {
        try InputError.requireAtLeastOne(["dimension": dimension, "hiddenLayers": hiddenLayers, "width": width])
        guard hiddenLayers <= 8 else {
            throw InputError(source: "", field: "hiddenLayers", reason: "\(hiddenLayers) exceeds 8; use 2 to 4 hidden layers")
        }
        self.dimension = dimension
        self.hiddenLayers = hiddenLayers
        self.width = width
        self.timeEmbedding = timeEmbedding
        self.activation = activation
    }

    /// n + m, the fan-in of the first layer.
    public var inputSize: Int { dimension + timeEmbedding.size }

    /// (fan-out, fan-in) of the L + 1 affine layers: (w, n+m), (w, w) …, (n, w).
    public var layerShapes: [(rows: Int, columns: Int)] {
        var shapes = [(rows: width, columns: inputSize)]
        shapes += [(rows: Int, columns: Int)](repeating: (width, width), count: hiddenLayers - 1)
        shapes.append((dimension, width))
        return shapes
    }

    /// The number of trainable parameters Σ_l (fan-out·fan-in + fan-out).
    public var parameterCount: Int { layerShapes.reduce(0) { $0 + $1.rows * ($1.columns + 1) } }
}
