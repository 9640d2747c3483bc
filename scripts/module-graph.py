#!/usr/bin/env python3
"""Writes the module graph of Package.swift into README.md's Development section.

The region between `<!-- module-graph:begin -->` and `<!-- module-graph:end -->` is replaced by a Mermaid
diagram (the transitive reduction of the dependencies between the package's own modules: an arrow A --> B
means A imports B, and an arrow implied by a longer path is left out) and the list of every module's direct
dependencies as declared. Modules are the targets under Sources/ (tests, benchmarks and test support are
left out), in the manifest's order; package products appear with their package's name.

The targets come from `swift package dump-package`, so the graph follows Package.swift whatever its form.

Usage: python3 scripts/module-graph.py [--check]
  --check  write nothing; exit 1 (printing the expected region) when README.md's region differs.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN = "<!-- module-graph:begin -->"
END = "<!-- module-graph:end -->"


def load_targets():
    """The package's own modules, in manifest order: [(name, kind, [dependency names])]."""
    # A scratch path of its own: dump-package then never waits for the lock of a build running in .build.
    with tempfile.TemporaryDirectory(prefix="module-graph-") as scratch:
        output = subprocess.run(
            ["swift", "package", "--package-path", str(ROOT), "--scratch-path", scratch, "dump-package"],
            check=True, capture_output=True, text=True).stdout
    manifest = json.loads(output)
    modules = []
    for target in manifest["targets"]:
        if target["type"] == "test":
            continue
        path = target.get("path")
        if path is not None and not path.startswith("Sources/"):
            continue  # benchmarks and test support
        dependencies = []
        for dependency in target["dependencies"]:
            if "byName" in dependency:
                dependencies.append(dependency["byName"][0])
            elif "target" in dependency:
                dependencies.append(dependency["target"][0])
            elif "product" in dependency:
                name, package = dependency["product"][0], dependency["product"][1]
                dependencies.append(f"{name} ({package})")
            else:
                raise SystemExit(f"module-graph: unknown dependency form in target {target['name']}: {dependency}")
        modules.append((target["name"], target["type"], dependencies))
    return modules


def transitive_reduction(modules):
    """Edges (a, b) of the declared graph minus those implied by a longer path."""
    edges = {name: set(dependencies) for name, _, dependencies in modules}

    def reachable(start):
        seen, stack = set(), list(edges.get(start, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        return seen

    kept = []
    for name, _, dependencies in modules:
        for dependency in dependencies:
            implied = any(dependency in reachable(other) for other in dependencies if other != dependency)
            if not implied:
                kept.append((name, dependency))
    return kept


def render(modules):
    kinds = {"system": "system library", "executable": "executable"}
    own = {name: kind for name, kind, _ in modules}

    def node(name):
        """A Mermaid identifier: the module's name, prefixed by its kind where it is not a library module
        (so the executable `closedform` and the library `ClosedForm` never share one)."""
        prefix = {"system": "system_", "executable": "tool_"}.get(own.get(name), "" if name in own else "package_")
        return prefix + "".join(c if c.isalnum() else "_" for c in name)

    diagram = ["```mermaid", "flowchart TD"]
    for name, kind, _ in modules:
        label = name if kind not in kinds else f"{name}<br/>({kinds[kind]})"
        diagram.append(f'    {node(name)}["{label}"]')
    external = sorted({d for _, _, deps in modules for d in deps if d not in own})
    for name in external:
        diagram.append(f'    {node(name)}(["{name}"])')
    for name, dependency in transitive_reduction(modules):
        diagram.append(f"    {node(name)} --> {node(dependency)}")
    diagram.append("```")

    listing = [f"- `{name}`" + (f" ({kinds[kind]})" if kind in kinds else "") + ": "
               + (", ".join(f"`{d}`" for d in dependencies) if dependencies else "no dependencies")
               for name, kind, dependencies in modules]
    return "\n".join([
        BEGIN,
        "<!-- Generated from Package.swift by `python3 scripts/module-graph.py`; do not edit by hand. -->",
        "",
        "An arrow A → B means A imports B (arrows implied by a longer path are left out):",
        "",
        *diagram,
        "",
        "Each module's direct dependencies, as declared in `Package.swift`:",
        "",
        *listing,
        END,
    ])


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        raise SystemExit(__doc__)
    text = README.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"module-graph: {README.name} has no region {BEGIN} … {END}")
    region = render(load_targets())
    updated = text[:start] + region + text[end + len(END):]
    if check:
        if updated != text:
            print(f"module-graph: the graph in {README.name} is stale; run `python3 scripts/module-graph.py`."
                  f" Expected:\n{region}")
            sys.exit(1)
        return
    if updated != text:
        README.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    main()
