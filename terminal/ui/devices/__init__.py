"""Qt side of the devices: reader callbacks turned into queued signals, and the device
settings dialog. The devices themselves live in `terminal.devices` and know nothing of Qt."""
