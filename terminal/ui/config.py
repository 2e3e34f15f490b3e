"""The counter app's configuration: environment first, then the config file, then defaults.

The config file is `terminal.toml` in the platform's config directory (or `$POS_CONFIG_DIR`):

    db = "D:/pos/terminal.db"      # default: $POS_DB, else the app's data directory
    key_file = "E:/keys/pos.key"   # default: $POS_KEY_FILE, else <db>.key
    language = "zh_CN"             # or "en"; the language switch in the app overrides it
    fullscreen = false

    [scanner]                      # keyboard-wedge scanner thresholds
    max_gap_ms = 50                # keys closer than this belong to one scan
    min_length = 6                 # shorter bursts are typing

Preferences changed in the app (the language) are kept in `preferences.json` beside it.
"""

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from terminal.devices.wedge import WedgeSettings

APP_NAME = "member-terminal"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to fix."""


DEFAULT_AUTO_LOCK_S = 300.0  # five minutes without a key or a tap


@dataclass(frozen=True)
class AppConfig:
    db_path: Path
    key_path: Path | None
    language: str
    wedge: WedgeSettings
    config_dir: Path
    db_configured: bool  # False: the default place, where a demo store is made if empty
    fullscreen: bool = False
    auto_lock_s: float = DEFAULT_AUTO_LOCK_S  # quiet this long locks the counter; 0: never

    @property
    def preferences_path(self) -> Path:
        return self.config_dir / "preferences.json"


def load_config(env: Mapping[str, str] | None = None) -> AppConfig:
    env = os.environ if env is None else env
    config_dir = Path(
        env.get("POS_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, appauthor=False)
    )
    file = _read_file(config_dir / "terminal.toml")
    db = env.get("POS_DB") or file.get("db")
    default_db = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "terminal.db"
    key = env.get("POS_KEY_FILE") or file.get("key_file")
    prefs = _read_preferences(config_dir / "preferences.json")
    language = env.get("POS_LANG") or prefs.get("language") or file.get("language")
    language = language or DEFAULT_LANGUAGE
    if language not in LANGUAGES:
        raise ConfigError(f"language '{language}' is not one of: {', '.join(LANGUAGES)}")
    scanner = file.get("scanner", {})
    try:
        gap_ms = int(env.get("POS_SCAN_GAP_MS") or scanner.get("max_gap_ms", 50))
        min_length = int(env.get("POS_SCAN_MIN_LENGTH") or scanner.get("min_length", 6))
        wedge = WedgeSettings(gap_ms / 1000, min_length)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"scanner settings: {exc}") from None
    auto_lock_s = _auto_lock_s(env.get("POS_AUTO_LOCK_MINUTES") or file.get("auto_lock_minutes"))
    return AppConfig(
        db_path=Path(db) if db else default_db,
        key_path=Path(key) if key else None,
        language=language,
        wedge=wedge,
        config_dir=config_dir,
        db_configured=bool(db),
        fullscreen=bool(file.get("fullscreen", False)),
        auto_lock_s=auto_lock_s,
    )


def _auto_lock_s(minutes: object) -> float:
    """terminal.toml's `auto_lock_minutes` (default 5; 0 turns auto-lock off) in seconds."""
    if minutes is None:
        return DEFAULT_AUTO_LOCK_S
    try:
        value = float(str(minutes))
    except ValueError:
        value = -1.0
    if isinstance(minutes, bool) or not 0 <= value <= 240:
        raise ConfigError(f"auto_lock_minutes must be 0 (off) to 240 minutes, not {minutes!r}")
    return value * 60


def save_language(config: AppConfig, language: str) -> None:
    if language not in LANGUAGES:
        raise ConfigError(f"language '{language}' is not one of: {', '.join(LANGUAGES)}")
    prefs = _read_preferences(config.preferences_path)
    prefs["language"] = language
    config.config_dir.mkdir(parents=True, exist_ok=True)
    tmp = config.preferences_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(prefs, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(config.preferences_path)


def _read_file(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc}") from None


def _read_preferences(path: Path) -> dict:
    # Preferences are a convenience: a damaged file falls back to the defaults.
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
