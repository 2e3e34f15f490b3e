"""Packaging of the member terminal: PyInstaller bundle, Windows installer, Debian package."""
