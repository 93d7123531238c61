"""The `dyad` command the wheel installs: it runs the `dyad` binary.

The binary is, in this order: `$DYAD_BIN`; `dyad/bin/dyad` inside the
package, when the wheel was built with it bundled (copy
`target/release/dyad` there before `maturin build`); or a `dyad` binary
further on `PATH` (this command itself, a script, is skipped). Without one
it says how to get it and exits with 2, the CLI's status for a fatal error.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import sys
from typing import Optional

BUNDLED = pathlib.Path(__file__).resolve().parent / "bin" / "dyad"


def _is_binary(path: pathlib.Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(2) != b"#!"
    except OSError:
        return False


def binary() -> Optional[str]:
    """The path of the `dyad` binary this command runs, or None."""
    env = os.environ.get("DYAD_BIN")
    if env:
        return env
    if BUNDLED.is_file():
        return str(BUNDLED)
    for d in os.environ.get("PATH", "").split(os.pathsep):
        found = shutil.which("dyad", path=d) if d else None
        if found and _is_binary(pathlib.Path(found)):
            return found
    return None


def main() -> int:
    path = binary()
    if path is None:
        print(
            "dyad: no dyad binary: set DYAD_BIN, put one on PATH (cargo install --path crates/dyad-cli), "
            "or build the wheel with target/release/dyad copied to python/dyad/bin/dyad",
            file=sys.stderr,
        )
        return 2
    try:
        os.execv(path, [path, *sys.argv[1:]])
    except OSError as e:
        print(f"dyad: cannot run {path}: {e}", file=sys.stderr)
        return 2
    return 0  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main())
