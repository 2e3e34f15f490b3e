"""Stand-ins for real devices, for demos and tests: no hardware needed."""
