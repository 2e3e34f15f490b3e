"""Saving and loading the terminal's device settings (scanners, printers).

Each save is a new version, approved by a manager and audited with what changed; the
newest version is in force. Device settings belong to this terminal (which port the
scanner is on), so they are not sent to head office.
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from terminal.devices.config import DeviceSettings
from terminal.domain.errors import AuthError
from terminal.services.context import Context
from terminal.services.operators import OperatorView
from terminal.store.models import DeviceSettingsVersion


@dataclass(frozen=True)
class SavedDevices:
    version: int  # 0: never saved
    settings: DeviceSettings
    changed: bool = True


class DeviceService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def current(self) -> SavedDevices:
        with self.ctx.reading() as s:
            row = _newest(s)
        if row is None:
            return SavedDevices(0, DeviceSettings(), changed=False)
        # Leniently: a setting a newer version wrote must not stop the terminal.
        return SavedDevices(
            row.version, DeviceSettings.from_dict(json.loads(row.body), strict=False), False
        )

    def load(self) -> DeviceSettings:
        return self.current().settings

    def save(self, settings: DeviceSettings, approver: OperatorView) -> SavedDevices:
        """Put `settings` in force (a manager's approval, audited). Saving what is
        already in force writes nothing."""
        if not approver.is_manager:
            raise AuthError(
                "changing device settings needs a manager", code="devices.needs_manager"
            )
        new_body = settings.to_dict()
        with self.ctx.transaction(business=False) as txn:
            row = _newest(txn.session)
            old_body = json.loads(row.body) if row else DeviceSettings().to_dict()
            version = row.version if row else 0
            if row is not None and old_body == new_body:
                return SavedDevices(version, settings, changed=False)
            txn.session.add(
                DeviceSettingsVersion(
                    version=version + 1,
                    body=json.dumps(new_body, ensure_ascii=False),
                    approver_id=approver.id,
                    created_at=txn.at,
                )
            )
            txn.audit(
                "devices.change",
                "devices",
                str(version + 1),
                changes(old_body, new_body),
                approver.id,
                approver.id,
            )
        return SavedDevices(version + 1, settings)


def changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Which devices were added, removed or changed (and their settings before and after)."""
    summary: dict[str, Any] = {}
    for kind in ("scanners", "printers"):
        before = {d["name"]: d for d in old.get(kind, [])}
        after = {d["name"]: d for d in new.get(kind, [])}
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        changed = {
            name: {
                key: [before[name].get(key), after[name].get(key)]
                for key in sorted(set(before[name]) | set(after[name]))
                if before[name].get(key) != after[name].get(key)
            }
            for name in sorted(set(before) & set(after))
            if before[name] != after[name]
        }
        if added or removed or changed:
            summary[kind] = {
                "added": {name: after[name] for name in added},
                "removed": removed,
                "changed": changed,
            }
    return summary


def _newest(session) -> DeviceSettingsVersion | None:
    return session.scalar(
        select(DeviceSettingsVersion).order_by(DeviceSettingsVersion.version.desc()).limit(1)
    )
