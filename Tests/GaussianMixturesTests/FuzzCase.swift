import Testing

/// A named hostile input and the substrings its one-line message must contain (file-level callers add the
/// file name).
struct FuzzCase: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let mentions: [String]
    var testDescription: String { name }
}
