"""Check that the system libraries Qt needs for a real window are installed.

PySide6's wheels bring Qt but not the X11/xcb, EGL and font libraries it links
against; on a fresh Debian 12 the window then aborts ("could not load the Qt
platform plugin xcb"). `make run` calls this first: it asks `ldd` which libraries
the xcb platform plugin and the Qt modules the app imports cannot find, maps each to
its Debian package, installs them with apt-get when run as root, and otherwise
prints the one command to run and exits 1.

    python scripts/qt_runtime_check.py          # detect, install if root
    python scripts/qt_runtime_check.py --check  # detect and report only
"""
from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The Qt modules the app imports and the platform plugin a desktop window loads.
MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtCharts")
PLUGINS = ("Qt/plugins/platforms/libqxcb.so",)

# Debian names a library package after its soname (policy 8.1): libxcb-icccm.so.4 ->
# libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0. These do not follow it.
EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libz.so.1": "zlib1g",
    "libgcc_s.so.1": "libgcc-s1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
}
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


def package_for(soname: str) -> str:
    """The Debian package that ships `soname`."""
    if soname in EXCEPTIONS:
        return EXCEPTIONS[soname]
    name, _, version = soname.partition(".so.")
    name = name.lower()
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}" if version else name


def missing_in_ldd(output: str) -> set[str]:
    """Sonames that `ldd` reports as `not found`."""
    return {m.group(1) for line in output.splitlines() if (m := NOT_FOUND.match(line))}


def qt_binaries() -> list[Path]:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("qt_runtime_check: PySide6 is not installed in this Python")
    root = Path(spec.submodule_search_locations[0])
    found = [Path(p) for m in MODULES for p in sorted(glob.glob(str(root / f"{m}.*so")))]
    return found + [root / p for p in PLUGINS if (root / p).exists()]


def missing_libraries(binaries) -> set[str]:
    missing: set[str] = set()
    for path in binaries:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
        missing |= missing_in_ldd(out.stdout)
    return missing


def install_command(packages) -> list[str]:
    return ["apt-get", "install", "-y", "--no-install-recommends", *sorted(packages)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report missing libraries (exit 1 if any); install nothing")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return 0                      # only Linux wheels rely on system X11 libraries
    binaries = qt_binaries()
    missing = missing_libraries(binaries)
    if not missing:
        if args.check:
            print(f"Qt runtime libraries: all found ({len(binaries)} Qt binaries checked)")
        return 0
    packages = sorted({package_for(s) for s in missing})
    print(f"Qt cannot open a window: missing {', '.join(sorted(missing))}", file=sys.stderr)
    command = " ".join(install_command(packages))
    can_install = (not args.check and hasattr(os, "geteuid") and os.geteuid() == 0
                   and shutil.which("apt-get"))
    if not can_install:
        prefix = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
        print(f"Install them with:\n    {prefix}{command}", file=sys.stderr)
        return 1
    print(f"Installing {' '.join(packages)} (apt-get, as root)", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], install_command(packages)):
        if subprocess.run(cmd, env=env).returncode != 0:
            print(f"qt_runtime_check: `{' '.join(cmd)}` failed", file=sys.stderr)
            return 1
    still = missing_libraries(binaries)
    if still:
        print(f"Qt still misses {', '.join(sorted(still))} after installing "
              f"{' '.join(packages)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
