/// Escapes text for XML and HTML (SVG figures, HTML tables): `&`, `<`, `>` and `"` become `&amp;`,
/// `&lt;`, `&gt;` and `&quot;`, which makes the text safe as element content and inside a
/// double-quoted attribute (every attribute this package writes is double-quoted, so `'` stays as is).
/// Everything else, Unicode included, passes through (the documents are UTF-8).
public enum XMLEscaping {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
