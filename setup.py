"""Compile the message catalogues (.po -> .mo) whenever the package is built or installed.

The .po files are the source; .mo files are ignored by git. Without this hook a fresh
clone would silently serve English only (ARCHITECTURE.md, trap 4).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def compile_catalogues() -> None:
    """Write a .mo next to every .po under cafe/translations."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in Path(__file__).parent.glob("cafe/translations/*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalogue)


class BuildWithCatalogues(build_py):
    """build_py that compiles the translations first (it also runs for `pip install -e`)."""

    def run(self):
        compile_catalogues()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
