/// A figure: a title, two axes and its content, rendered by `svg` (for reading) and `pgfplots` (for papers)
/// from the same data.
public struct Figure: Sendable, Equatable {
    public var title: String
    public var xAxis: FigureAxis
    public var yAxis: FigureAxis
    public var content: FigureContent

    public init(title: String, xAxis: FigureAxis, yAxis: FigureAxis, series: [FigureSeries]) {
        self.init(title: title, xAxis: xAxis, yAxis: yAxis, content: .series(series))
    }

    public init(title: String, xAxis: FigureAxis, yAxis: FigureAxis, content: FigureContent) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.content = content
    }

    /// The line series (drawn over the heat map, if any).
    public var series: [FigureSeries] {
        switch content {
        case .series(let series): return series
        case .heatMap(_, let overlay): return overlay
        }
    }

    /// The heat map, if the figure is one.
    public var heatMap: HeatMap? {
        if case .heatMap(let map, _) = content { return map }
        return nil
    }
}
