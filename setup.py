"""Which packages ship: every package found under kiosk/, ui/ and sync/, and kiosk.resources.

This is the one thing pyproject.toml cannot say. Its ``[tool.setuptools.packages.find]`` only
finds a package inside its parent's folder, and ``kiosk.resources`` lives at the top of the
repository (``resources/``, mapped by ``[tool.setuptools.package-dir]``); a hand-written list
instead would silently leave out the next package someone adds. Everything else is in
pyproject.toml.
"""

from setuptools import find_packages, setup

CODE = ["kiosk", "kiosk.*", "ui", "ui.*", "sync", "sync.*"]

setup(packages=[*find_packages(include=CODE), "kiosk.resources"])
