"""Floor 3: the Qt widgets of the desktop app."""
