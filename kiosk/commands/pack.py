"""``outreach-kiosk pack ...``: check, manifest, sign, zip and install content packs.

pack validate PATH [--key PUB]     every problem, one line each (file:line: message); exit 1
pack manifest PATH                 rewrite PATH/manifest.json from the files as they are
pack export-po PATH LANG --out PO  a language's pages as a PO file for its translators/reviewers
pack import-po PATH LANG PO        write the language's pages back from a PO file
pack mark-reviewed PATH LANG --by NAME [--on DATE]
                                   record the language's review once every paragraph is reviewed
pack narrate PATH [--languages ..] draft narration by a machine voice (espeak-ng, Ogg Vorbis)
pack keygen [--out KEY]            a new Ed25519 key pair (private key stays with its owner)
pack sign PATH --key KEY           refresh the manifest, check the pack, write manifest.sig
pack zip PATH --out ZIP            a zip of the pack for transport
pack install PATH|ZIP              check it and make it this kiosk's active pack
pack status                        the active pack and the last refusal
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.config import Settings
from kiosk.packs.authoring import sign_pack, write_manifest, zip_pack
from kiosk.packs.files import extract_zip
from kiosk.packs.manifest import TrustedKey, generate_key, parse_public_key, trusted_keys
from kiosk.packs.narrate import narrate_pack
from kiosk.packs.problems import PackRefusedError, Problem
from kiosk.packs.store import PackStore
from kiosk.packs.validate import inspect_pack

DEFAULT_KEY = Path("outreach-kiosk-pack.key")


def register(commands: Any) -> None:
    parser = commands.add_parser("pack", help="check, sign and install content packs")
    actions = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    validate = actions.add_parser("validate", help="check a pack folder or zip; exit 1 if broken")
    validate.add_argument("path", type=Path)
    validate.add_argument(
        "--key", type=Path, action="append", default=[], help="also trust this public key file"
    )
    validate.set_defaults(handler=run_validate)

    manifest = actions.add_parser("manifest", help="rewrite a pack's manifest.json")
    manifest.add_argument("path", type=Path)
    manifest.set_defaults(handler=run_manifest)

    export = actions.add_parser(
        "export-po", help="a language's pages as a PO file: English paragraph, translation"
    )
    export.add_argument("path", type=Path)
    export.add_argument("language")
    export.add_argument("--out", type=Path, required=True, help="the PO file to write")
    export.set_defaults(handler=run_export_po)

    import_ = actions.add_parser("import-po", help="write a language's pages from a PO file")
    import_.add_argument("path", type=Path)
    import_.add_argument("language")
    import_.add_argument("po", type=Path)
    import_.set_defaults(handler=run_import_po)

    reviewed = actions.add_parser(
        "mark-reviewed", help="record who reviewed a language, once every paragraph is reviewed"
    )
    reviewed.add_argument("path", type=Path)
    reviewed.add_argument("language")
    reviewed.add_argument("--by", required=True, help="the reviewer's name")
    reviewed.add_argument(
        "--on", type=date.fromisoformat, default=None, help="the review's date (default today)"
    )
    reviewed.set_defaults(handler=run_mark_reviewed)

    narrate = actions.add_parser(
        "narrate", help="make machine narration for every topic in every language with a voice"
    )
    narrate.add_argument("path", type=Path)
    narrate.add_argument(
        "--languages", nargs="+", default=[], metavar="LANG", help="only these pack languages"
    )
    narrate.add_argument(
        "--force", action="store_true", help="remake machine narration (recordings are kept)"
    )
    narrate.set_defaults(handler=run_narrate)

    keygen = actions.add_parser("keygen", help="make a new signing key pair")
    keygen.add_argument(
        "--out", type=Path, default=DEFAULT_KEY, help=f"private key file (default {DEFAULT_KEY})"
    )
    keygen.set_defaults(handler=run_keygen)

    sign = actions.add_parser("sign", help="refresh the manifest and sign a pack")
    sign.add_argument("path", type=Path)
    sign.add_argument("--key", type=Path, required=True, help="private key file (from keygen)")
    sign.set_defaults(handler=run_sign)

    bundle = actions.add_parser("zip", help="zip a pack folder for transport")
    bundle.add_argument("path", type=Path)
    bundle.add_argument("--out", type=Path, required=True)
    bundle.set_defaults(handler=run_zip)

    install = actions.add_parser("install", help="check a pack and make it the active one")
    install.add_argument("path", type=Path)
    install.add_argument(
        "--allow-downgrade", action="store_true", help="accept a version older than the active"
    )
    install.set_defaults(handler=run_install)

    status = actions.add_parser("status", help="the active pack and the last refusal")
    status.set_defaults(handler=run_status)


def print_problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    for problem in problems:
        print(problem)


def run_validate(args: argparse.Namespace, settings: Settings) -> int:
    keys: list[TrustedKey] = trusted_keys(settings.trusted_keys)
    for path in args.key:
        keys.append(TrustedKey(parse_public_key(path.read_text(encoding="utf-8")), str(path)))
    with tempfile.TemporaryDirectory(prefix="pack-validate-") as scratch:
        root = args.path
        problems: list[Problem] = []
        if args.path.is_file() and args.path.suffix.lower() == ".zip":
            root = Path(scratch)
            problems = extract_zip(args.path, root)
        elif not args.path.is_dir():
            problems = [Problem("", f"{args.path} is neither a pack folder nor a .zip of one")]
        if not problems:
            inspection = inspect_pack(root, keys=keys, require_manifest=True)
            problems = inspection.problems
    if problems:
        print_problems(problems)
        count = len(problems)
        print(f"{args.path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    assert inspection.pack is not None
    pack = inspection.pack
    signed = f"signed by {inspection.signer.fingerprint}" if inspection.signer else "unsigned"
    print(
        f"{args.path}: ok: {pack.id} {pack.version}, {len(pack.languages)} languages, "
        f"{len(pack.topics)} topics, {signed}"
    )
    return 0


def run_manifest(args: argparse.Namespace, _settings: Settings) -> int:
    print(write_manifest(args.path))
    return 0


def _counts(paragraphs: list[Any]) -> str:
    """How many paragraphs are reviewed, need review and are untranslated, in one line."""
    states = [paragraph.state for paragraph in paragraphs]
    return (
        f"{len(states)} paragraphs: {states.count('reviewed')} reviewed, "
        f"{states.count('needs review')} need review (fuzzy), "
        f"{states.count('untranslated')} untranslated"
    )


AUTHORING_MODULES = frozenset({"mdpo", "md4c", "polib"})


def _review() -> ModuleType | None:
    """kiosk.packs.review, or None (said on stderr) when the `authoring` extra is not installed.

    Imported only here: mdpo is an authoring tool, not part of the kiosk or its bundle.
    """
    try:
        return importlib.import_module("kiosk.packs.review")
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in AUTHORING_MODULES:
            raise
        print(
            f"PO files need the authoring extra ({exc.name} is missing): "
            "pip install 'outreach-kiosk[authoring]'",
            file=sys.stderr,
        )
        return None


def run_export_po(args: argparse.Namespace, _settings: Settings) -> int:
    if (review := _review()) is None:
        return 1
    try:
        paragraphs = review.export_po(args.path, args.language, args.out)
    except PackRefusedError as exc:
        print_problems(exc.problems)
        print(f"{args.path}: nothing exported", file=sys.stderr)
        return 1
    print(f"{args.out}: {args.language}, {_counts(paragraphs)}")
    if (warning := review.stale_review(args.path, args.language, paragraphs)) is not None:
        print(warning, file=sys.stderr)
    return 0


def run_import_po(args: argparse.Namespace, _settings: Settings) -> int:
    if (review := _review()) is None:
        return 1
    try:
        paragraphs = review.import_po(args.path, args.language, args.po)
    except PackRefusedError as exc:
        print_problems(exc.problems)
        print(f"{args.po}: not imported; the pack is unchanged", file=sys.stderr)
        return 1
    print(f"{args.path}: {args.language} pages written from {args.po}")
    print(f"{args.language}: {_counts(paragraphs)}")
    return 0


def run_mark_reviewed(args: argparse.Namespace, _settings: Settings) -> int:
    if (review := _review()) is None:
        return 1
    on = args.on or date.today()
    try:
        count = review.mark_reviewed(args.path, args.language, args.by, on)
    except PackRefusedError as exc:
        print_problems(exc.problems)
        print(f"{args.path}: {args.language} not marked reviewed", file=sys.stderr)
        return 1
    print(f"{args.path}: {args.language} reviewed by {args.by} on {on} ({count} paragraphs)")
    return 0


def run_narrate(args: argparse.Namespace, _settings: Settings) -> int:
    try:
        run = narrate_pack(args.path, languages=args.languages, force=args.force)
    except PackRefusedError as exc:
        print_problems(exc.problems)
        print(f"{args.path}: pack.toml must be fixed before narrating", file=sys.stderr)
        return 1
    minutes = run.seconds / 60
    print(f"made {len(run.made)} files ({minutes:.1f} minutes of speech), kept {len(run.kept)}")
    for language, size in sorted(run.machine_bytes.items()):
        print(f"machine narration {language}: {size:,} bytes")
    print(f"all audio in the pack: {run.audio_bytes:,} bytes")
    return 0


def run_keygen(args: argparse.Namespace, _settings: Settings) -> int:
    public_path, text = generate_key(args.out)
    print(f"private key: {args.out} (keep it off the repository and off kiosks)")
    print(f"public key:  {public_path}")
    print(text)
    print("Trust it on a kiosk with the trusted_keys setting, or ship the .pub file in")
    print("resources/keys/.")
    return 0


def run_sign(args: argparse.Namespace, _settings: Settings) -> int:
    try:
        key = sign_pack(args.path, args.key)
    except PackRefusedError as exc:
        print_problems(exc.problems)
        print(f"{args.path}: not signed", file=sys.stderr)
        return 1
    print(f"{args.path}: signed by key {key}")
    return 0


def run_zip(args: argparse.Namespace, _settings: Settings) -> int:
    print(zip_pack(args.path, args.out))
    return 0


def run_install(args: argparse.Namespace, settings: Settings) -> int:
    try:
        active = PackStore.from_settings(settings).install(
            args.path, allow_downgrade=args.allow_downgrade
        )
    except PackRefusedError as exc:
        print_problems(exc.problems)
        print(f"{args.path}: refused; the active pack is unchanged", file=sys.stderr)
        return 1
    print(f"active pack: {active.pack.id} {active.pack.version} ({active.location})")
    return 0


def run_status(_args: argparse.Namespace, settings: Settings) -> int:
    store = PackStore.from_settings(settings)
    active = store.active()
    print(f"active pack: {active.pack.id} {active.pack.version} ({active.origin})")
    print(f"location: {active.location}")
    print(f"signed by: {active.signer or 'not signed'}")
    refusal = store.last_refusal()
    if refusal is not None:
        print(f"last refused: {refusal.source} at {refusal.refused_at}")
        for problem in refusal.problems:
            print(f"  {problem}")
    return 0
