"""Size of the one-folder bundle: the folder, its .tar.gz, and its largest parts.

Why: desk staff copy the bundle to kiosk PCs over slow links and small USB sticks, so the issue
sets limits: the folder at most 200 MB, its .tar.gz at most 80 MB (MB = 1,000,000 bytes).
``--check`` fails when either limit is exceeded; ``make test-bundle`` runs it on the real build.

The folder size is the sum of the files' sizes (symbolic links count as links, not as the file
they point at, as in the archive). The .tar.gz is made the way ``tar czf`` makes it (gzip level 6).

Prints one ``name value unit`` line per figure, or one JSON object with ``--json``.

    python bench/bundle_size.py [dist/OutreachKiosk] [--top 10] [--check] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tarfile
import tempfile
from pathlib import Path

MB = 1_000_000
FOLDER_LIMIT = 200 * MB
TAR_GZ_LIMIT = 80 * MB
DEFAULT_BUNDLE = Path(__file__).resolve().parents[1] / "dist" / "OutreachKiosk"


def file_sizes(folder: Path) -> dict[str, int]:
    """Every regular file under ``folder`` (links not followed), by its path relative to it."""
    sizes = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            if not path.is_symlink():
                sizes[path.relative_to(folder).as_posix()] = path.stat().st_size
    return sizes


def tar_gz_size(folder: Path) -> int:
    """Bytes of ``folder`` packed as ``<name>/...`` into a .tar.gz at gzip's default level."""
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch, "bundle.tar.gz")
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=folder.name)
        return archive.stat().st_size


def measure(folder: Path, top: int = 10) -> dict[str, object]:
    sizes = file_sizes(folder)
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:top]
    return {
        "folder_bytes": sum(sizes.values()),
        "tar_gz_bytes": tar_gz_size(folder),
        "files": len(sizes),
        "largest": [{"path": path, "bytes": size} for path, size in largest],
    }


def over_limits(figures: dict[str, object]) -> list[str]:
    """What exceeds the issue's limits, in words; empty when the bundle fits."""
    problems = []
    folder, tar_gz = figures["folder_bytes"], figures["tar_gz_bytes"]
    assert isinstance(folder, int) and isinstance(tar_gz, int)
    if folder > FOLDER_LIMIT:
        problems.append(f"folder {folder / MB:.1f} MB > {FOLDER_LIMIT / MB:.0f} MB")
    if tar_gz > TAR_GZ_LIMIT:
        problems.append(f"tar.gz {tar_gz / MB:.1f} MB > {TAR_GZ_LIMIT / MB:.0f} MB")
    return problems


def lines(figures: dict[str, object]) -> list[str]:
    result = [
        f"bundle_folder {figures['folder_bytes'] / MB:.1f} MB",  # type: ignore[operator]
        f"bundle_tar_gz {figures['tar_gz_bytes'] / MB:.1f} MB",  # type: ignore[operator]
        f"bundle_files {figures['files']} files",
    ]
    for part in figures["largest"]:  # type: ignore[attr-defined]
        result.append(f"largest:{part['path']} {part['bytes'] / MB:.2f} MB")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--top", type=int, default=10, help="how many of the largest files")
    parser.add_argument("--check", action="store_true", help="fail when over the limits")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"bundle_size: no bundle at {args.folder} (run `make bundle`)", file=sys.stderr)
        return 2
    figures = measure(args.folder, args.top)
    problems = over_limits(figures)
    figures["limits"] = {"folder_bytes": FOLDER_LIMIT, "tar_gz_bytes": TAR_GZ_LIMIT}
    figures["fits"] = not problems
    print(json.dumps(figures) if args.json else "\n".join(lines(figures)))
    if args.check and problems:
        print(f"bundle too large: {'; '.join(problems)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
