"""Loading the translations: every `*_<locale>.qm` in resources/translations, plus Qt's own
(for the standard buttons). Sources are English; English needs no translator."""

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import terminal
from terminal.ui import error_text

RESOURCES = Path(
    os.environ.get("POS_RESOURCES") or Path(terminal.__file__).parents[1] / "resources"
)
TRANSLATIONS = RESOURCES / "translations"


class Translations:
    """The translators installed on the application, swapped when the language changes."""

    def __init__(self, directory: Path = TRANSLATIONS) -> None:
        self.directory = directory
        self.language = "en"
        self._installed: list[QTranslator] = []

    def apply(self, language: str) -> list[str]:
        """Install `language`'s translations; returns the files loaded."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        self.language = language
        error_text.set_language(language)
        QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
        if language == "en":
            return []
        loaded = []
        for path in sorted(self.directory.glob(f"*_{language}.qm")):
            if self._load(str(path)):
                loaded.append(path.name)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = Path(qt_dir) / f"qtbase_{language}.qm"
        if qtbase.exists():
            self._load(str(qtbase))
        return loaded

    def _load(self, path: str) -> bool:
        translator = QTranslator()
        if not translator.load(path):
            return False
        QCoreApplication.instance().installTranslator(translator)
        self._installed.append(translator)
        return True


def stylesheet() -> str:
    path = RESOURCES / "style.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
