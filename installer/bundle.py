"""What goes into the member terminal's folder bundle, in one place.

The PyInstaller spec (`member-terminal.spec`), the Linux package script and the tests all
read this module, so the list of programs and data folders cannot drift apart. Plain
Python only: it is imported where PyInstaller is not installed.
"""

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

APP_NAME = "member-terminal"  # the bundle folder, the .deb package and /opt/<APP_NAME>
DISPLAY_NAME = "Member Terminal"
PUBLISHER = "Member Terminal"


@dataclass(frozen=True)
class Program:
    """One executable of the bundle: its `[project.scripts]` name and entry point."""

    name: str
    module: str
    function: str
    windowed: bool  # no console window on Windows

    @property
    def entry_point(self) -> str:
        return f"{self.module}:{self.function}"

    def launcher_source(self) -> str:
        return (
            f'"""Frozen entry of `{self.name}`."""\n\nimport sys\n\n'
            f"from {self.module} import {self.function}\n\n"
            f"sys.exit({self.function}())\n"
        )


# Both share one folder (one copy of Python, Qt and the libraries).
PROGRAMS = (
    Program("pos-terminal", "terminal.app", "main", windowed=True),
    Program("posctl", "terminal.cli", "main", windowed=False),
)


@dataclass(frozen=True)
class DataFolder:
    """A project folder copied into the bundle at `target` (relative to the bundle's
    library folder, where the frozen `terminal` package sits, so the paths the code
    computes from `terminal.__file__` still hold)."""

    source: str
    target: str
    patterns: tuple[str, ...]

    def files(self, root: Path = ROOT) -> list[tuple[str, str]]:
        """(file, destination folder) pairs in PyInstaller's `datas` form."""
        base = root / self.source
        found: set[Path] = set()
        for pattern in self.patterns:
            found.update(p for p in base.rglob(pattern) if p.is_file())
        pairs = []
        for path in sorted(found):
            if "__pycache__" in path.parts:
                continue
            rel_dir = path.parent.relative_to(base)
            pairs.append((str(path), str(Path(self.target) / rel_dir)))
        return pairs


DATA_FOLDERS = (
    # Style sheet, icons and compiled translations (the .ts sources stay behind).
    DataFolder("resources", "resources", ("*.qss", "*.svg", "*.png", "*.ico", "*.qm", "*.ttf")),
    # Alembic reads the migration scripts as source files when the store opens a database.
    DataFolder("migrations", "migrations", ("*.py", "*.mako")),
)

# Imported by name at run time (so PyInstaller's analysis cannot see them).
HIDDEN_IMPORTS = (
    "alembic.op",  # the migration scripts: `from alembic import op`
    "alembic.context",  # migrations/env.py
    "alembic.runtime.environment",
    "alembic.ddl.sqlite",  # SQLite ALTERs in batch mode
    "sqlalchemy.dialects.sqlite",
    "terminal.store.models",  # migrations/env.py
)

# Packages whose modules are imported by name inside the library: every submodule goes in.
HIDDEN_PACKAGES = (
    "reportlab.graphics.barcode",  # the barcode widgets import their symbologies lazily
)

# Packages whose data files the libraries open at run time.
PACKAGE_DATA = (
    "escpos",  # capabilities.json: printer profiles
    "barcode",  # the font python-barcode draws human-readable text with
)

# Never wanted in the counter's bundle: test and development tools, head office's server.
EXCLUDES = (
    "pytest",
    "hypothesis",
    "selenium",
    "headoffice",
    "fastapi",
    "uvicorn",
    "tkinter",
    # Database drivers SQLAlchemy's hook offers; the terminal only speaks SQLite.
    "psycopg",
    "psycopg_binary",
    "psycopg2",
    "pysqlite2",
    "MySQLdb",
    "PySide6.QtWebEngineCore",
    "PySide6.Qt3DCore",
)

# Run-time hooks of PyInstaller that only the Qt program needs; `posctl` never imports Qt
# and should not pay for loading it.
QT_ONLY_RUNTIME_HOOKS = ("pyi_rth_pyside6",)


def version(root: Path = ROOT) -> str:
    import tomllib

    with (root / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]
