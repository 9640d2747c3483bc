extension Table {
    /// An HTML `<table>` (for notebook outputs): the caption as `<caption>`, a header row, the cells in
    /// their plain form (numeric cells right-aligned), then the notes as a list.
    public var html: String {
        let escape = XMLEscaping.escape
        var text = "<table>\n<caption>\(escape(caption))</caption>\n<thead>\n<tr>"
        text += headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n</thead>\n<tbody>\n"
        for row in rows {
            text += "<tr>" + row.map { cell in
                switch cell {
                case .text, .empty: return "<td>\(escape(cell.plain))</td>"
                case .number, .interval, .estimate: return "<td style=\"text-align: right\">\(escape(cell.plain))</td>"
                }
            }.joined() + "</tr>\n"
        }
        text += "</tbody>\n</table>\n"
        if !notes.isEmpty { text += "<ul>\n" + notes.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n" }
        return text
    }
}
