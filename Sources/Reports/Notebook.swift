import DataFiles

/// A Jupyter notebook in nbformat 4.5: cells and notebook metadata, written as JSON with fixed bytes
/// (keys sorted as Jupyter writes them, one-space indent, text split into lines), so that the same
/// content always gives the same file.
public struct Notebook: Sendable {
    /// The cells, in order; their ids must be unique (a precondition of `json`).
    public var cells: [NotebookCell]
    /// The notebook's `metadata` object (kernelspec, language_info, and anything else), as members.
    public var metadata: [(String, JSONValue)]

    public init(cells: [NotebookCell], metadata: [(String, JSONValue)]) {
        self.cells = cells
        self.metadata = metadata
    }

    /// The metadata of a Python 3 notebook (the viewers' default kernel; the code cells are IPython).
    public static let pythonMetadata: [(String, JSONValue)] = [
        ("kernelspec", .object(["display_name": .string("Python 3"), "language": .string("python"), "name": .string("python3")])),
        ("language_info", .object(["name": .string("python")])),
    ]

    /// The `.ipynb` text, ending with a newline.
    public var json: String {
        precondition(Set(cells.map(\.id)).count == cells.count, "Notebook: duplicate cell ids \(cells.map(\.id))")
        let document: JSONValue = .object([
            "cells": .array(cells.map(Self.cellJSON)),
            "metadata": .object(JSONObject(metadata.sorted { $0.0 < $1.0 })),
            "nbformat": .integer(4),
            "nbformat_minor": .integer(5),
        ])
        return document.printed(indent: 1) + "\n"
    }

    /// A notebook's multi-line string: an array of lines, each but the last ending in "\n".
    static func lines(_ text: String) -> JSONValue {
        var result: [JSONValue] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" { result.append(.string(current)); current = "" }
        }
        if !current.isEmpty { result.append(.string(current)) }
        return .array(result)
    }

    private static func cellJSON(_ cell: NotebookCell) -> JSONValue {
        switch cell.kind {
        case .markdown:
            return .object(["cell_type": .string("markdown"), "id": .string(cell.id), "metadata": .object([:]),
                            "source": lines(cell.source)])
        case .code(let outputs):
            return .object(["cell_type": .string("code"), "execution_count": .null, "id": .string(cell.id),
                            "metadata": .object([:]), "outputs": .array(outputs.map(outputJSON)), "source": lines(cell.source)])
        }
    }

    private static func outputJSON(_ output: NotebookOutput) -> JSONValue {
        .object(["data": .object(JSONObject(output.data.sorted { $0.mimeType < $1.mimeType }.map { ($0.mimeType, lines($0.content)) })),
                 "metadata": .object([:]), "output_type": .string("display_data")])
    }
}
