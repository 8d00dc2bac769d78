"""Imports point one way: each part of the code imports only the parts below it.

Every project module is read with ``ast`` (nothing is imported), put in its package (the
longest name in LAYERS that it starts with), and its imports of project modules become edges
between packages. The package graph must have no cycle, must follow LAYERS (a package imports
only packages listed before it), and no project module may be imported inside a function
except where FUNCTION_IMPORTS says why.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. A package may import itself and any package above it in this list.
LAYERS = [
    "lfs_site",  # shared helpers: ids, mail, pagination, charts, confirmation, admin site
    "organizations",  # users, organizations, programs, memberships, committee, program access
    "accounts",  # sign-in security, two-factor, sign-out, language, audit log pages
    "methods",  # question sets (and the models of reflection templates and workshops)
    "companions",  # story companions (and the models of events)
    "reflection",  # reflection templates
    "stories",  # shared by the story parts: models, visibility rule, story access, real-name gate
    "stories.selection",  # criteria, nominations, assessments, selection meetings, decisions
    "stories.rights",  # consent, its ledger, client identity, data rights export and erasure
    "stories.principles",  # principles, evidence, common principles, matrix, CSV exports
    "stories.documentation",  # interviews, answers, uploads, drafts, comments, approval
    "stories.apps",  # the stories app's wiring: connects the parts' signal receivers
    "publications",  # story books
    "workshops",  # workshops built on question sets and reflection templates
    "events",  # events with companions
    "communities",  # communities of organizations (the models live in organizations)
    "library",  # stories, books and publications shared across organizations
    "transfer",  # a program exported and imported
    "analysis",  # codes, coded passages, principles drafted from codes, REFI-QDA exchange
    "dashboard",  # home, program dashboard, timeline, search
    "demo",  # demonstration data, bulk seeding
    "lfs_site.urls",  # the site's URL map includes every app's URLs
]

# Project imports that stay inside a function, each with its reason.
FUNCTION_IMPORTS = {
    # AppConfig.ready wires signal receivers once the app registry is ready (models loaded).
    ("organizations.apps", "organizations.role_audit"): "signal receivers wired in ready()",
    ("accounts.apps", "accounts.security"): "signal receivers wired in ready()",
    ("stories.apps", "stories.selection.services"): "program_created receiver wired in ready()",
    ("companions.apps", "companions.services"): "invitation_accepted receiver wired in ready()",
    ("stories.apps", "stories.audit_records"): "audit log describers registered in ready()",
    # stories may not import analysis: analysis re-anchors passages when answers are saved.
    ("analysis.apps", "analysis.services"): "post_save receivers wired in ready()",
    ("analysis.apps", "stories.models"): "post_save receivers wired in ready()",
    # role_audit imports the models at its top, so the models' queryset reaches it when called.
    ("organizations.models", "organizations.role_audit"): "role_audit imports these models",
    # WeasyPrint is heavy: the renderer (which imports it) is loaded only when rendering.
    ("publications.services", "publications.presentation"): "heavy, loaded only when rendering",
    ("publications.services", "publications.renderer"): "heavy, loaded only when rendering",
    ("workshops.views_room", "workshops.pdf"): "WeasyPrint is heavy, loaded only when rendering",
}

SKIP_DIRS = {"migrations", "tests", "benchmarks", "scripts", "docs", "static", "templates"}


def _project_modules() -> dict[str, Path]:
    modules = {}
    for top in sorted({name.split(".")[0] for name in LAYERS}):
        for path in (ROOT / top).rglob("*.py"):
            if SKIP_DIRS & set(path.relative_to(ROOT).parts):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _package(module: str) -> str | None:
    owners = [name for name in LAYERS if module == name or module.startswith(name + ".")]
    return max(owners, key=len) if owners else None


def _imports(module: str, path: Path, modules: dict[str, Path]):
    """(imported module, inside a function?) for every import of a project module."""
    tops = {name.split(".")[0] for name in LAYERS}
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".")
                    if path.name != "__init__.py":
                        base = base[:-1]
                    base = base[: len(base) - child.level + 1]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module
                for alias in child.names:
                    full = f"{target}.{alias.name}"
                    found.append((full if full in modules else target, in_function))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [(name, inner) for name, inner in found if name.split(".")[0] in tops]


def _graph():
    modules = _project_modules()
    edges: dict[tuple[str, str], list[str]] = {}
    function_imports = []
    for module, path in sorted(modules.items()):
        for target, inner in _imports(module, path, modules):
            source_package, target_package = _package(module), _package(target)
            if source_package != target_package:
                edges.setdefault((source_package, target_package), []).append(
                    f"{module} -> {target}"
                )
            if inner and (module, target) not in FUNCTION_IMPORTS:
                function_imports.append(f"{module} -> {target}")
    return modules, edges, function_imports


def test_every_module_belongs_to_a_layer():
    modules, _, _ = _graph()
    assert [m for m in modules if _package(m) is None] == []


def test_the_package_graph_has_no_cycle():
    _, edges, _ = _graph()
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    cycles = []

    def walk(node, trail):
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in done:
                walk(nxt, [*trail, nxt])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            walk(start, [start])
    assert cycles == []


def test_each_package_imports_only_packages_below_it():
    _, edges, _ = _graph()
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = [
        f"{source} imports {target}: {', '.join(sorted(set(where))[:3])}"
        for (source, target), where in sorted(edges.items())
        if rank[target] > rank[source]
    ]
    assert upward == []


def test_no_project_import_hides_in_a_function():
    _, _, function_imports = _graph()
    assert function_imports == []


STORY_PARTS = ("selection", "documentation", "principles", "rights")


def test_story_parts_do_not_import_each_others_views():
    """The parts of the story work share services and selectors (downwards, as LAYERS orders
    them) but never views: a page's code is in its own part."""
    modules = _project_modules()

    def part_view(module: str) -> str | None:
        parts = module.split(".")
        if len(parts) == 3 and parts[0] == "stories" and parts[1] in STORY_PARTS:
            return parts[1] if parts[2].startswith("views") else None
        return None

    crossing = [
        f"{module} -> {target}"
        for module, path in sorted(modules.items())
        if part_view(module)
        for target, _ in _imports(module, path, modules)
        if part_view(target) and part_view(target) != part_view(module)
    ]
    assert crossing == []


def test_the_allowed_function_imports_still_exist():
    """An allow-list entry whose import is gone is removed, so the list stays honest."""
    modules = _project_modules()
    present = {
        (module, target)
        for module, path in modules.items()
        for target, inner in _imports(module, path, modules)
        if inner
    }
    assert sorted(set(FUNCTION_IMPORTS) - present) == []
