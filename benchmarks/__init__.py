"""Benchmarks for TunnelGUI: relay speed against direct loopback and socat, GUI responsiveness."""
