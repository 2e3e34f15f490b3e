"""Qt's xcb platform (a real X display) loads X libraries that a bare Debian desktop may
not have: each one libqxcb.so needs is named in requirements-apt.txt (what `make setup`
installs) and in the .deb's Depends."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
X_LIBRARY = re.compile(r"^lib(xcb|xkbcommon|x11)", re.IGNORECASE)


def debian_package(soname: str) -> str:
    """Debian's name for a shared library's package: libfoo.so.1 -> libfoo1, and a name
    ending in a digit takes a dash (libX11.so.6 -> libx11-6)."""
    name, _, version = soname.partition(".so.")
    base = name.lower()
    return f"{base}-{version}" if base[-1].isdigit() else f"{base}{version}"


def xcb_plugin_libraries() -> set[str]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists() or shutil.which("ldd") is None:
        pytest.skip("this PySide6 has no xcb platform plugin (not Linux), or ldd is missing")
    out = subprocess.run(
        ["ldd", str(plugin)],
        capture_output=True,
        text=True,
        check=True,
        env={"LD_LIBRARY_PATH": str(qt / "lib")},
    ).stdout
    names = {line.split()[0] for line in out.splitlines() if line.strip()}
    return {n for n in names if X_LIBRARY.match(n) and ".so." in n}


def test_debian_package_names_follow_the_library_names():
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libX11.so.6") == "libx11-6"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"


def test_every_x_library_of_the_xcb_platform_is_installed_and_depended_on():
    libraries = xcb_plugin_libraries()
    assert "libxcb-icccm.so.4" in libraries  # the one a fresh desktop lacked
    packages = {debian_package(n) for n in libraries}
    apt = {
        line.strip()
        for line in (ROOT / "requirements-apt.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    }
    control = (ROOT / "installer" / "linux" / "control.in").read_text(encoding="utf-8")
    depends_line = next(line for line in control.splitlines() if line.startswith("Depends:"))
    depends = {d.strip().split()[0] for d in depends_line.removeprefix("Depends:").split(",")}
    assert packages - apt == set(), "missing from requirements-apt.txt"
    assert packages - depends == set(), "missing from the .deb's Depends"
    assert {"xvfb", "xdotool"} <= apt  # the real-display test runs in CI
