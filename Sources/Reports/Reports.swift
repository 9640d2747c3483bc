/// Tables (LaTeX, Markdown, CSV, JSON) and figures written by `closedform reproduce`.
public enum Reports {}
