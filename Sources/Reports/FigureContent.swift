/// What a figure shows: series on two axes, or a heat map (with optional series drawn over it).
public enum FigureContent: Sendable, Equatable {
    case series([FigureSeries])
    case heatMap(HeatMap, overlay: [FigureSeries])
}
