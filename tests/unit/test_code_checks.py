"""Static checks of our own code: no unused import, undefined name or syntax error slips in; the
domain stays pure; routes leave the session to services; packages do not import each other in
circles. The checks are functions taking a folder, so each is also shown failing on a planted tree."""
import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "lsk_learn"
DOMAIN_ALLOWED_THIRD_PARTY = {"fsrs"}
LEARNER_PACKAGES = {"bank", "review", "learn", "exams", "home", "profiles", "notifications", "cohorts"}
ROUTE_FILE = re.compile(r"^(routes|routes_\w+|\w+_routes|views\w*|blueprint)\.py$")
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}   # @bp.route(...), @bp.get(...)
ACCESS_DECORATORS = {"allow", "allow_signed_in", "public"}              # every view declares who may use it
SESSION_NAMES = {"Session", "scoped_session", "sessionmaker", "session"}


def test_pyflakes_rules_pass():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--line-length", "130",
                             "lsk_learn", "tests", "bench", "app.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------- reading imports

def module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a module file, found by walking up its packages (folders with __init__.py),
    and whether it is a package's __init__."""
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts), path.name == "__init__.py"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute dotted name) of every import in the file, relative ones resolved against the
    module's package; `from X import name` gives X.name (name may be a submodule)."""
    name, is_package = module_name(path)
    package = name.split(".") if is_package else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level - 1 <= len(package) else []
                module = ".".join(base + (node.module.split(".") if node.module else []))
            else:
                module = node.module
            found += [(node.lineno, f"{module}.{alias.name}" if alias.name != "*" else module)
                      for alias in node.names]
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


# ---------------------------------------------------------------------------- the pure domain

def domain_import_problems(domain: Path) -> list[str]:
    """Imports in the domain package of anything but the standard library, fsrs and the domain itself
    (relative imports included: `from ..extensions import db` is an import of lsk_learn.extensions)."""
    package, _ = module_name(domain / "__init__.py")
    problems = []
    for path in sorted(domain.rglob("*.py")):
        for line, name in imported_modules(path):
            top = name.split(".")[0]
            if _within(name, package) or top in sys.stdlib_module_names or top in DOMAIN_ALLOWED_THIRD_PARTY:
                continue
            problems.append(f"{path.relative_to(domain.parent)}:{line}: imports {name}")
    return problems


def test_the_domain_imports_only_the_standard_library_fsrs_and_itself():
    assert domain_import_problems(PACKAGE / "domain") == []


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_domain_check_catches_relative_imports_out_of_the_domain(tmp_path):
    _tree(tmp_path, {
        "lsk_learn/__init__.py": "", "lsk_learn/extensions.py": "db = None\n",
        "lsk_learn/domain/__init__.py": "from . import scoring\n",
        "lsk_learn/domain/scoring.py": "import json\nfrom fsrs import Card\nfrom .rules import x\n"
                                       "from lsk_learn.domain.rules import y\n",
        "lsk_learn/domain/rules.py": "from ..extensions import db\nfrom .. import models\nimport flask\n"
                                     "from ...elsewhere import thing\n",
        "lsk_learn/domain/sub/__init__.py": "from .. import rules\nfrom ... import extensions\n",
    })
    assert domain_import_problems(tmp_path / "lsk_learn" / "domain") == [
        "domain/rules.py:1: imports lsk_learn.extensions.db",
        "domain/rules.py:2: imports lsk_learn.models",
        "domain/rules.py:3: imports flask",
        "domain/rules.py:4: imports elsewhere.thing",
        "domain/sub/__init__.py:2: imports lsk_learn.extensions",
    ]


# ---------------------------------------------------------------------------- no session in routes

def _is_route_module(path: Path, tree: ast.Module) -> bool:
    """A route module by its name (routes.py, routes_*.py, *_routes.py, views*.py, blueprint.py), or by
    what it holds: a function with @x.route/@x.get/@x.post/... or @allow/@public, or an add_url_rule."""
    if ROUTE_FILE.match(path.name):
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_url_rule":
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
                    return True
                if isinstance(target, ast.Name) and target.id in ACCESS_DECORATORS:
                    return True
    return False


def session_in_routes(package: Path) -> list[str]:
    """Uses of the database session in route modules: `db.session` (whatever `db` is imported as) and
    sessions imported from SQLAlchemy or Flask-SQLAlchemy."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        if not _is_route_module(path, tree):
            continue
        db_names = {"db"} | {alias.asname for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                             for alias in node.names if alias.name == "db" and alias.asname}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "session" and isinstance(node.value, ast.Name) \
                    and node.value.id in db_names:
                found.append(f"{path.relative_to(package.parent)}:{node.lineno}: {node.value.id}.session")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("sqlalchemy", "flask_sqlalchemy")):
                found += [f"{path.relative_to(package.parent)}:{node.lineno}: imports {alias.name} from {node.module}"
                          for alias in node.names if alias.name in SESSION_NAMES]
    return found


def test_route_modules_leave_the_database_session_to_services():
    """A route speaks HTTP and calls one service; the service loads, computes and commits."""
    found = session_in_routes(PACKAGE)
    files = sorted({line.split(":")[0] for line in found})
    assert found == [], f"{len(found)} uses in {len(files)} route modules: {files}\n" + "\n".join(found)


def test_the_session_check_finds_sessions_in_route_modules(tmp_path):
    _tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/feature/__init__.py": "",
        "pkg/feature/routes.py": "from ..extensions import db\ndef view():\n    db.session.commit()\n",
        "pkg/feature/pages.py": "from ..extensions import db as database\n@bp.get('/')\ndef view():\n"
                                "    database.session.add(1)\n",
        "pkg/feature/table.py": "bp.add_url_rule('/', 'x', x)\nfrom sqlalchemy.orm import Session\n",
        "pkg/feature/guarded.py": "from ..extensions import db\n@allow(Role.TEACHER)\ndef view():\n"
                                  "    return db.session.get(1)\n",
        "pkg/feature/services.py": "from ..extensions import db\ndef save():\n    db.session.commit()\n",
    })
    assert session_in_routes(tmp_path / "pkg") == [
        "pkg/feature/guarded.py:4: db.session",
        "pkg/feature/pages.py:4: database.session",
        "pkg/feature/routes.py:3: db.session",
        "pkg/feature/table.py:2: imports Session from sqlalchemy.orm",
    ]


# ---------------------------------------------------------------------------- the package graph

def package_graph(package: Path) -> dict[str, dict[str, list[str]]]:
    """{importing unit: {imported unit: [file:line, ...]}} between the units of a package: its
    subpackages and top-level modules (`__init__` for the package's own __init__.py)."""
    root_name, _ = module_name(package / "__init__.py")
    units = {p.name for p in package.iterdir() if (p / "__init__.py").exists()} | {
        p.stem for p in package.glob("*.py")}
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(package.rglob("*.py")):
        source = path.relative_to(package).parts[0].removesuffix(".py")
        for line, name in imported_modules(path):
            if not _within(name, root_name):
                continue
            first = name[len(root_name) + 1:].split(".")[0]
            target = first if first in units else "__init__"   # `from lsk_learn import create_app`
            if target != source:
                graph[source][target].append(f"{path.relative_to(package.parent)}:{line}")
    return graph


def mutual_pairs(graph, among=None) -> list[tuple[str, str]]:
    return sorted((a, b) for a in graph for b in graph[a]
                  if a < b and a in graph.get(b, {}) and (among is None or {a, b} <= among))


def import_cycles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one unit (Tarjan): each is at least one cycle."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def _explain(graph, pairs) -> str:
    return "\n".join(f"{a} <-> {b}: {graph[a][b][:3]} / {graph[b][a][:3]}" for a, b in pairs)


def test_learner_packages_do_not_import_each_other_both_ways():
    graph = package_graph(PACKAGE)
    pairs = mutual_pairs(graph, LEARNER_PACKAGES)
    assert pairs == [], _explain(graph, pairs)


def test_no_import_cycle_between_packages():
    graph = package_graph(PACKAGE)
    cycles = import_cycles(graph)
    assert cycles == [], f"cycles: {cycles}\n" + _explain(graph, mutual_pairs(graph))


def test_the_graph_checks_find_planted_cycles(tmp_path):
    _tree(tmp_path, {
        "app/__init__.py": "from .learn import routes\nfrom .extensions import db\n",
        "app/learn/__init__.py": "", "app/exams/__init__.py": "", "app/bank/__init__.py": "",
        "app/learn/routes.py": "from ..exams.services import grade\n",
        "app/exams/services.py": "from app.learn import helpers\n",
        "app/learn/helpers.py": "from . import routes\n",              # inside one package: no edge
        "app/bank/sync.py": "from ..cli import x\n", "app/cli.py": "from .review import y\n",
        "app/review/__init__.py": "from app import bank\n",            # bank -> cli -> review -> bank
        "app/extensions.py": "from app import create_app\n",           # to the package's own __init__
    })
    graph = package_graph(tmp_path / "app")
    assert mutual_pairs(graph, LEARNER_PACKAGES) == [("exams", "learn")]
    assert mutual_pairs(graph) == [("__init__", "extensions"), ("exams", "learn")]
    assert import_cycles(graph) == [["__init__", "extensions"], ["bank", "cli", "review"], ["exams", "learn"]]
