import Reports

/// The numbers of the reconstruction concentration table as curves against the forward time t, one per
/// (model, dynamics), with the real-data references; `figures` draws Var ratio, mass beyond 2σ and accuracy.
struct ReconstructionCurves {
    /// One (model, dynamics) curve.
    struct Curve {
        let model: String
        let modelIndex: Int
        let dynamics: ReconstructionDynamics
        var ratio: [FigurePoint] = []
        var shell: [FigurePoint] = []
        var accuracy: [FigurePoint] = []
    }

    let realShell: Double
    let realAccuracy: Double
    let bayesAccuracy: Double
    private(set) var curves: [Curve] = []

    init(realShell: Double, realAccuracy: Double, bayesAccuracy: Double) {
        self.realShell = realShell
        self.realAccuracy = realAccuracy
        self.bayesAccuracy = bayesAccuracy
    }

    /// Adds one row of the table to its curve.
    mutating func append(model: String, modelIndex: Int, dynamics: ReconstructionDynamics, time: Double,
                         ratio: Double, shell: Double, accuracy: Double) {
        if !curves.contains(where: { $0.modelIndex == modelIndex && $0.dynamics == dynamics }) {
            curves.append(Curve(model: model, modelIndex: modelIndex, dynamics: dynamics))
        }
        let index = curves.firstIndex { $0.modelIndex == modelIndex && $0.dynamics == dynamics }!
        curves[index].ratio.append(FigurePoint(x: time, y: ratio))
        curves[index].shell.append(FigurePoint(x: time, y: shell))
        curves[index].accuracy.append(FigurePoint(x: time, y: accuracy))
    }

    /// Three figures (label, basename, figure): each statistic against t, colour by model, markers for the
    /// ODE and a plain line for the SDE, the real-data value dotted; basenames and titles start with the prefixes.
    func figures(basenamePrefix: String = "", titlePrefix: String = "Reconstruction") -> [(label: String, basename: String, figure: Figure)] {
        let times = curves.flatMap { $0.ratio.map(\.x) }
        let span = [times.min() ?? 0, times.max() ?? 1]
        func reference(_ name: String, _ value: Double, color: Int = 6) -> FigureSeries {
            FigureSeries(name: name, points: span.map { FigurePoint(x: $0, y: value) }, style: .dotted, colorIndex: color)
        }
        func series(_ values: KeyPath<Curve, [FigurePoint]>) -> [FigureSeries] {
            curves.map { curve in
                FigureSeries(name: "\(curve.model), \(curve.dynamics.rawValue)", points: curve[keyPath: values],
                             style: curve.dynamics == .ode ? .lineWithMarkers : .line, colorIndex: curve.modelIndex)
            }
        }
        let x = FigureAxis("forward time t (vp)")
        return [
            ("Var ratio", basenamePrefix + "variance-ratio", Figure(title: "\(titlePrefix): variance ratio tr Cov(x̂₀)/tr Cov(x₀) against t", xAxis: x,
                                                   yAxis: FigureAxis("Var ratio"), series: series(\.ratio) + [reference("real data", 1)])),
            ("beyond 2σ", basenamePrefix + "beyond-2sigma", Figure(title: "\(titlePrefix): mass beyond 2σ of the nearest mode against t", xAxis: x,
                                                  yAxis: FigureAxis("fraction beyond 2σ"), series: series(\.shell) + [reference("real data", realShell)])),
            ("accuracy", basenamePrefix + "accuracy", Figure(title: "\(titlePrefix): accuracy of a classifier fitted on x̂₀ against t", xAxis: x,
                                            yAxis: FigureAxis("test accuracy"),
                                            series: series(\.accuracy) + [reference("trained on real data", realAccuracy), reference("chance", 0.5, color: 5)])),
        ]
    }
}
