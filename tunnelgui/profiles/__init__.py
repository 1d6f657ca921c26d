"""Floor 1: forward profiles, their validation, the persistent store, import and export."""
