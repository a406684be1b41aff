"""The house's walls: apps are layered (pyproject.toml, [tool.importlinter]), every app has a
place in the layers, and no import hides inside a function to dodge a cycle."""
import ast
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
CDS = ROOT / "cds"


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [contract] = [c for c in config["contracts"] if c["type"] == "layers"]
    return [[app.strip() for app in layer.split("|")] for layer in contract["layers"]]


def test_the_layer_contract_holds():
    """No app imports an app of a higher layer, nor a sibling of its own layer (import-linter,
    which reads every import statement, those inside functions included)."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_every_app_has_a_layer():
    apps = {p.parent.name for p in CDS.glob("*/__init__.py")}
    placed = [app for layer in _layers() for app in layer]
    assert len(placed) == len(set(placed)), "an app is listed in two layers"
    assert apps == set(placed), f"apps without a layer: {sorted(apps - set(placed))}; unknown: {sorted(set(placed) - apps)}"


def test_demo_is_on_top_and_nothing_imports_it():
    assert "demo" in _layers()[0]


def _function_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if path.name == "apps.py" and fn.name == "ready":
            continue  # registration with lower apps happens when Django is ready, by design
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("cds.")):
                yield f"{path.relative_to(ROOT)}:{node.lineno} in {fn.name}()"
            elif isinstance(node, ast.Import) and any(a.name.startswith("cds.") for a in node.names):
                yield f"{path.relative_to(ROOT)}:{node.lineno} in {fn.name}()"


def test_no_application_import_inside_a_function():
    """Imports of the application's own modules sit at the top of the module, where the layer
    contract and a reader see them; only AppConfig.ready() imports late, to register."""
    found = [hit for path in sorted(CDS.rglob("*.py")) if "migrations" not in path.parts
             for hit in _function_imports(path)]
    assert found == []
