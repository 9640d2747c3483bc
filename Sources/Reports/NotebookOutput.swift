/// One `display_data` output of a notebook code cell: the same content under several MIME types
/// (`text/markdown`, `text/html`, `image/svg+xml`, `text/plain`), in print order.
public struct NotebookOutput: Sendable {
    /// (MIME type, content) pairs.
    public var data: [(mimeType: String, content: String)]

    public init(data: [(mimeType: String, content: String)]) {
        self.data = data
    }
}
