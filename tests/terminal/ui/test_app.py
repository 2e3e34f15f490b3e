"""The composition root: configuration, first start with a demo store, and refusals."""

import json
import logging
import sys

import pytest

from terminal.app import NotSetUp, start
from terminal.domain.errors import PosError
from terminal.ui.config import ConfigError, load_config, save_language
from terminal.ui.errors import install_excepthook
from terminal.ui.i18n import Translations


def env(tmp_path, **extra):
    return {"POS_CONFIG_DIR": str(tmp_path / "config"), **extra}


def test_config_from_file_and_env(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "terminal.toml").write_text(
        'db = "/srv/pos/t.db"\nlanguage = "en"\n[scanner]\nmax_gap_ms = 30\nmin_length = 8\n',
        encoding="utf-8",
    )
    config = load_config(env(tmp_path))
    assert str(config.db_path) == "/srv/pos/t.db" and config.db_configured
    assert config.language == "en"
    assert (config.wedge.max_gap_s, config.wedge.min_length) == (0.03, 8)
    config = load_config(env(tmp_path, POS_DB=str(tmp_path / "x.db"), POS_SCAN_GAP_MS="20"))
    assert config.db_path == tmp_path / "x.db" and config.wedge.max_gap_s == 0.02


def test_defaults_and_the_saved_language(tmp_path):
    config = load_config(env(tmp_path))
    assert config.language == "zh_CN" and not config.db_configured
    save_language(config, "en")
    assert json.loads(config.preferences_path.read_text(encoding="utf-8")) == {"language": "en"}
    assert load_config(env(tmp_path)).language == "en"


BAD_FILES = [
    'language = "fr"',
    "db = ",
    '[scanner]\nmax_gap_ms = "fast"',
    "[scanner]\nmin_length = 0",
    'auto_lock_minutes = "soon"',
    "auto_lock_minutes = -1",
    "auto_lock_minutes = true",
]


def test_auto_lock_after_five_quiet_minutes_unless_configured(tmp_path):
    assert load_config(env(tmp_path)).auto_lock_s == 300
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "terminal.toml").write_text("auto_lock_minutes = 2.5\n")
    assert load_config(env(tmp_path)).auto_lock_s == 150
    assert load_config(env(tmp_path, POS_AUTO_LOCK_MINUTES="0")).auto_lock_s == 0


@pytest.mark.parametrize("text", BAD_FILES)
def test_bad_config_is_a_clear_error(tmp_path, text):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "terminal.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(env(tmp_path))


def test_first_start_creates_the_demo_store(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("terminal.ui.first_start.DEMO_MEMBERS", 50)
    config = load_config(env(tmp_path))
    config = type(config)(**{**config.__dict__, "db_path": tmp_path / "data" / "terminal.db"})
    translations = Translations()
    window, services = start(config, translations)
    try:
        qtbot.addWidget(window)
        assert window.isVisible()
        names = [op.name for op in services.operators.list()]
        assert names == ["cashier", "manager"]
        assert services.operators.authenticate("manager", "1234").is_manager
        assert services.operators.authenticate("cashier", "0000")
        assert services.setup.status().members == 50
        (printer,) = services.devices.load().printers
        assert printer.kind == "virtual" and printer.name == "simulated"
        from terminal.ui.dialogs.recovery import RecoveryCodeDialog

        (shown,) = window.findChildren(RecoveryCodeDialog)  # the recovery code, once
        assert shown.isVisible() and len(shown.shown_code.text()) == 19
        assert services.operators.has_recovery_code()
        shown.close()
    finally:
        window.stop()
        services.close()


def test_a_configured_database_that_is_not_set_up_is_refused(qtbot, tmp_path):
    config = load_config(env(tmp_path, POS_DB=str(tmp_path / "empty.db")))
    with pytest.raises(NotSetUp, match="posctl init"):
        start(config, Translations())


def test_a_file_that_is_not_a_database_is_refused(qtbot, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("hello", encoding="utf-8")
    config = load_config(env(tmp_path, POS_DB=str(bad)))
    with pytest.raises(PosError, match="not a database"):
        start(config, Translations())


def test_uncaught_errors_are_logged_and_shown_calmly(qtbot, caplog, monkeypatch):
    shown = []
    monkeypatch.setattr("terminal.ui.errors.show_error", lambda parent, exc: shown.append(exc))
    previous = sys.excepthook
    try:
        install_excepthook()
        with caplog.at_level(logging.ERROR, logger="terminal.ui"):
            try:
                raise RuntimeError("disk on fire")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert "disk on fire" in caplog.text and "Traceback" in caplog.text
    assert [str(e) for e in shown] == ["disk on fire"]


def test_the_app_icon_renders():
    from PySide6.QtGui import QIcon

    from terminal.ui.i18n import RESOURCES

    icon = QIcon(str(RESOURCES / "icons" / "terminal.svg"))
    assert not icon.pixmap(64, 64).isNull()
