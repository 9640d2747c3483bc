/// The series colours: the Okabe–Ito palette, distinguishable with the common colour-vision
/// deficiencies, without its yellow (too light on white), in an order that keeps the first colours apart.
public enum FigurePalette {
    /// blue, vermillion, bluish green, orange, reddish purple, sky blue, black.
    public static let colors: [FigureColor] = [
        FigureColor(red: 0x00, green: 0x72, blue: 0xB2), FigureColor(red: 0xD5, green: 0x5E, blue: 0x00),
        FigureColor(red: 0x00, green: 0x9E, blue: 0x73), FigureColor(red: 0xE6, green: 0x9F, blue: 0x00),
        FigureColor(red: 0xCC, green: 0x79, blue: 0xA7), FigureColor(red: 0x56, green: 0xB4, blue: 0xE9),
        FigureColor(red: 0x00, green: 0x00, blue: 0x00),
    ]

    /// The colour of `index`, cycling through the palette (negative indices count from the end).
    public static func color(_ index: Int) -> FigureColor {
        let count = colors.count
        return colors[((index % count) + count) % count]
    }

    /// The pgfplots colour name `cf<index mod 7>` that `Figure+PGFPlots` defines for the same colour.
    public static func pgfName(_ index: Int) -> String {
        let count = colors.count
        return "cf\(((index % count) + count) % count)"
    }
}
