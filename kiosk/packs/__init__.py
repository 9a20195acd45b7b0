"""Content packs: the orientation topics and contacts a kiosk shows, per language.

A pack is a folder: ``pack.toml`` (id, version, languages, topic order, translation status),
``topics/<topic>/<lang>.md``, ``contacts.toml``, optional ``audio/<topic>/<lang>.ogg|mp3|wav``
and ``manifest.json`` (sha256 of every file) with an optional ``manifest.sig`` (Ed25519).

- :mod:`kiosk.packs.load`: the front door: the shipped pack, loading and checking a folder
- :mod:`kiosk.packs.files`: which files may exist, size limits, safe unzipping
- :mod:`kiosk.packs.meta`, :mod:`kiosk.packs.contacts`, :mod:`kiosk.packs.markdown`: the texts
- :mod:`kiosk.packs.manifest`: manifest, keys and signatures
- :mod:`kiosk.packs.validate`: one pass over everything, giving a Pack or the problems
- :mod:`kiosk.packs.model`, :mod:`kiosk.packs.problems`: what a checked pack is, what a refusal says
- :mod:`kiosk.packs.store`: installing packs from outside and switching atomically
- :mod:`kiosk.packs.sources`: where desk staff can put a pack (drop folder, removable media)
- :mod:`kiosk.packs.authoring`: manifests and zips for pack authors
"""
