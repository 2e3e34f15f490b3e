"""Head office imports of the terminal only its domain and the wire protocol (import-linter
forbids the other layers; this also keeps the rest of `terminal.sync` out)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "headoffice"
ALLOWED = ("terminal.domain", "terminal.sync.protocol")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_head_office_imports_only_the_domain_and_the_protocol():
    wrong = {}
    for path in ROOT.rglob("*.py"):
        bad = {
            n
            for n in imported(path)
            if n.split(".")[0] == "terminal"
            and n not in ("terminal", "terminal.sync")
            and not n.startswith(ALLOWED)
        }
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}
    assert imported(ROOT / "events.py") >= {"terminal.domain.rules", "terminal.sync.protocol"}
