"""The packaging files stay in step with the project (without running PyInstaller)."""

import ast
import importlib
import importlib.util
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

import terminal
from installer import bundle
from terminal.store import migrate

ROOT = bundle.ROOT
INSTALLER = ROOT / "installer"


def project_scripts() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["scripts"]


def test_every_terminal_program_of_the_project_is_in_the_bundle():
    terminal_scripts = {
        name: target
        for name, target in project_scripts().items()
        if target.split(".")[0] == "terminal"
    }
    assert terminal_scripts, "pyproject.toml lists no terminal program"
    bundled = {p.name: p.entry_point for p in bundle.PROGRAMS}
    assert bundled == terminal_scripts


@pytest.mark.parametrize("program", bundle.PROGRAMS, ids=lambda p: p.name)
def test_launcher_calls_the_entry_point(program: bundle.Program):
    source = program.launcher_source()
    tree = ast.parse(source)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert [(n.module, [a.name for a in n.names]) for n in imports] == [
        (program.module, [program.function])
    ]
    assert callable(getattr(importlib.import_module(program.module), program.function))


def test_the_counter_is_windowed_and_posctl_a_console_program():
    kinds = {p.name: p.windowed for p in bundle.PROGRAMS}
    assert kinds == {"pos-terminal": True, "posctl": False}


def test_data_folders_exist_and_hold_what_the_app_opens():
    bundled: dict[str, set[str]] = {}
    for folder in bundle.DATA_FOLDERS:
        assert (ROOT / folder.source).is_dir(), folder.source
        pairs = folder.files()
        assert pairs, f"{folder.source} would add no file"
        for file, target in pairs:
            assert Path(file).is_file()
            assert "__pycache__" not in file
            bundled.setdefault(target, set()).add(Path(file).name)
    assert {"style.qss"} <= bundled["resources"]
    assert "terminal.svg" in bundled["resources/icons"]
    sources = {p.stem for p in (ROOT / "resources" / "translations").glob("*.ts")}
    assert {Path(n).stem for n in bundled["resources/translations"]} == sources
    assert "env.py" in bundled["migrations"]
    versions = {p.name for p in (ROOT / "migrations" / "versions").glob("*.py")}
    assert bundled["migrations/versions"] == versions


def test_bundle_places_data_where_the_code_looks_for_it():
    # Frozen, `terminal` sits at the root of the bundle's library folder, so the paths the
    # code derives from `terminal.__file__` must equal the data folders' targets.
    package_root = Path(terminal.__file__).resolve().parents[1]
    targets = {folder.source: Path(folder.target) for folder in bundle.DATA_FOLDERS}
    assert migrate.MIGRATIONS_DIR.relative_to(package_root) == targets["migrations"]
    i18n = (ROOT / "terminal" / "ui" / "i18n.py").read_text(encoding="utf-8")
    assert 'Path(terminal.__file__).parents[1] / "resources"' in i18n
    assert targets["resources"] == Path("resources")


def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent is a module, not a package: `name` is a name in it
        return False


def migration_imports() -> set[str]:
    names = set()
    files = [ROOT / "migrations" / "env.py", *(ROOT / "migrations" / "versions").glob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    names.add(sub if is_module(sub) else node.module)
    return names


def test_modules_the_migrations_import_are_bundled():
    # Alembic loads the scripts from files at run time, so PyInstaller never sees their
    # imports: each must be a hidden import or a package the terminal imports anyway.
    imported_by_the_store = {"sqlalchemy", "alembic"}
    missing = migration_imports() - set(bundle.HIDDEN_IMPORTS) - imported_by_the_store
    assert not missing, f"add to installer/bundle.py HIDDEN_IMPORTS: {sorted(missing)}"


def test_hidden_imports_and_data_packages_exist():
    for name in (*bundle.HIDDEN_IMPORTS, *bundle.HIDDEN_PACKAGES, *bundle.PACKAGE_DATA):
        assert importlib.util.find_spec(name) is not None, name


def test_spec_builds_every_program_from_the_shared_list():
    spec = (INSTALLER / "member-terminal.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    lists = ("PROGRAMS", "DATA_FOLDERS", "HIDDEN_IMPORTS", "HIDDEN_PACKAGES", "PACKAGE_DATA")
    for name in (*(f"bundle.{n}" for n in lists), "bundle.EXCLUDES", "COLLECT("):
        assert name in spec


def test_windows_installer_script_matches_the_bundle():
    raw = (INSTALLER / "windows" / "member-terminal.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a byte-order mark"
    iss = raw.decode("utf-8-sig")
    assert f'#define BundleDir "..\\..\\dist\\{bundle.APP_NAME}"' in iss
    counter = [p for p in bundle.PROGRAMS if p.windowed]
    for program in counter:
        assert re.search(rf'\[Icons\][^\[]*Filename: "{{app}}\\{program.name}\.exe"', iss)
    assert "posctl.exe" in iss
    # Uninstalling must keep the store's data.
    assert "[UninstallDelete]" not in iss.replace("No [UninstallDelete]", "")
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.M)
    assert icon and (INSTALLER / "windows" / icon.group(1).strip()).is_file()


def test_linux_package_files_match_the_bundle():
    script = INSTALLER / "linux" / "build-deb.sh"
    subprocess.run(["sh", "-n", str(script)], check=True)
    assert script.stat().st_mode & 0o111
    desktop = (INSTALLER / "linux" / f"{bundle.APP_NAME}.desktop").read_text(encoding="utf-8")
    counter = next(p for p in bundle.PROGRAMS if p.windowed)
    assert f"Exec=/usr/bin/{counter.name}\n" in desktop
    assert f"Icon={bundle.APP_NAME}\n" in desktop
    control = (INSTALLER / "linux" / "control.in").read_text(encoding="utf-8")
    assert f"Package: {bundle.APP_NAME}\n" in control
    assert {"@VERSION@", "@ARCH@", "@SIZE_KB@"} <= set(re.findall(r"@\w+@", control))
    assert "dialout" in (INSTALLER / "linux" / "postinst").read_text(encoding="utf-8")


def test_requirements_lock_does_not_pull_in_pyinstaller():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    assert "pyinstaller" not in lock
