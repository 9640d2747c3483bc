/// How a series is drawn: a solid line, markers only, a line with markers, a dashed line (bounds), or a
/// dotted line (reference levels).
public enum SeriesStyle: String, Sendable, Equatable {
    case line
    case markers
    case lineWithMarkers
    case dashed
    case dotted

    /// Whether points are joined by a line.
    public var drawsLine: Bool { self != .markers }
    /// Whether each point gets a marker.
    public var drawsMarkers: Bool { self == .markers || self == .lineWithMarkers }
    /// Whether the line is dashed or dotted (drawn thinner than a solid line).
    public var isDashed: Bool { self == .dashed || self == .dotted }

    /// The SVG dash pattern, nil for a solid line.
    var dashArray: String? {
        switch self {
        case .dashed: return "7 4"
        case .dotted: return "2 3"
        default: return nil
        }
    }
}
