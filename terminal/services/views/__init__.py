"""What the counter's screens show, computed without Qt: a dialog only copies these
models' figures and messages into its widgets, so the rules are tested on their own."""
