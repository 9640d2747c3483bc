/// The heat maps' colour scale: viridis (perceptually uniform, readable in grey and with colour-vision
/// deficiencies), as six anchors at 0, 0.2, …, 1 with linear interpolation between them. The pgfplots
/// snippets define the same anchors as their colormap, so both renderers show the same colours.
public enum FigureColorScale {
    /// viridis at 0, 0.2, 0.4, 0.6, 0.8, 1.
    public static let anchors: [FigureColor] = [
        FigureColor(red: 68, green: 1, blue: 84), FigureColor(red: 65, green: 68, blue: 135),
        FigureColor(red: 42, green: 120, blue: 142), FigureColor(red: 34, green: 168, blue: 132),
        FigureColor(red: 122, green: 209, blue: 81), FigureColor(red: 253, green: 231, blue: 37),
    ]

    /// The colour of `value` on `range`: t = (value − low)/(high − low) clamped to [0, 1], then
    /// interpolated between the two neighbouring anchors.
    public static func color(_ value: Double, in range: ClosedRange<Double>) -> FigureColor {
        let width = range.upperBound - range.lowerBound
        let t = width > 0 ? min(1, max(0, (value - range.lowerBound) / width)) : 0.5
        let position = t * Double(anchors.count - 1)
        let index = min(anchors.count - 2, Int(position))
        return anchors[index].mixed(with: anchors[index + 1], position - Double(index))
    }
}
