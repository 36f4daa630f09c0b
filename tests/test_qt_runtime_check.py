"""scripts/qt_runtime_check.py: `make run` finds the system libraries Qt's xcb window
needs, and installs them (root) or prints the one command (anyone else)."""
import importlib.util
import shutil
import subprocess
import sys

import pytest

from helpers.paths import REPO, make_recipe

SCRIPT = REPO / "scripts" / "qt_runtime_check.py"
_spec = importlib.util.spec_from_file_location("qt_runtime_check", SCRIPT)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

# ldd on libqxcb.so on a Debian 12 without libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1.
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd3c3f5000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0c1d000000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f0c1cfe0000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f0c1cfd0000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f0c1d7a0000)
"""


def test_ldd_output_yields_the_missing_sonames_once():
    assert check.missing_in_ldd(LDD) == {"libxcb-cursor.so.0", "libxcb-icccm.so.4",
                                         "libxcb-keysyms.so.1"}
    assert check.missing_in_ldd(LDD.replace("not found", "/lib/x.so (0x1)")) == set()


@pytest.mark.parametrize("soname, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libz.so.1", "zlib1g"),
])
def test_each_soname_maps_to_its_debian_package(soname, package):
    assert check.package_for(soname) == package


@pytest.fixture
def missing_two(monkeypatch):
    """The check as on a machine missing two xcb libraries; records what it runs."""
    monkeypatch.setattr(check, "qt_binaries", lambda: ["libqxcb.so"])
    state = {"missing": {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}, "ran": []}
    monkeypatch.setattr(check, "missing_libraries", lambda _: set(state["missing"]))

    def run(cmd, **kw):
        state["ran"].append(cmd)
        if cmd[:2] == ["apt-get", "install"]:
            state["missing"] = set()
        return subprocess.CompletedProcess(cmd, 0)
    monkeypatch.setattr(check.subprocess, "run", run)
    monkeypatch.setattr(check.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(check.sys, "platform", "linux")
    return state


def test_as_root_it_updates_and_installs_the_packages(missing_two, monkeypatch):
    monkeypatch.setattr(check.os, "geteuid", lambda: 0)
    assert check.main([]) == 0
    assert missing_two["ran"] == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "--no-install-recommends", "libxcb-icccm4", "libxcb-keysyms1"]]


def test_as_a_user_it_prints_the_one_command_and_stops(missing_two, monkeypatch, capsys):
    monkeypatch.setattr(check.os, "geteuid", lambda: 1000)
    assert check.main([]) == 1
    assert missing_two["ran"] == []
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4" in err
    assert "sudo apt-get install -y --no-install-recommends libxcb-icccm4 libxcb-keysyms1" in err


def test_check_only_reports_even_as_root(missing_two, monkeypatch, capsys):
    monkeypatch.setattr(check.os, "geteuid", lambda: 0)
    assert check.main(["--check"]) == 1
    assert missing_two["ran"] == []
    assert "apt-get install" in capsys.readouterr().err


def test_a_failed_install_is_an_error(missing_two, monkeypatch):
    monkeypatch.setattr(check.os, "geteuid", lambda: 0)
    monkeypatch.setattr(check.subprocess, "run",
                        lambda cmd, **kw: subprocess.CompletedProcess(cmd, 100))
    assert check.main([]) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"),
                    reason="ldd on Linux")
def test_the_real_xcb_plugin_is_among_the_binaries_checked():
    names = [p.name for p in check.qt_binaries()]
    assert "libqxcb.so" in names and any(n.startswith("QtWidgets") for n in names)
    # ldd really runs on them (what it finds missing depends on the machine).
    assert isinstance(check.missing_libraries(check.qt_binaries()[:1]), set)


def test_make_run_and_ci_check_the_qt_libraries_first():
    prereqs, _ = make_recipe("run")
    assert "qt-check" in prereqs.split()
    assert any("scripts/qt_runtime_check.py" in ln for ln in make_recipe("qt-check")[1])
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make qt-check") < ci.index("make test")
    assert "scripts/qt_runtime_check.py" in (REPO / "README.md").read_text(encoding="utf-8")
