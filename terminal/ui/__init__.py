"""PySide6 views: windows, dialogs, and the bridge from device and sync callbacks."""
