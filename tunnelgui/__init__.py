"""TunnelGUI: a desktop and headless TCP port-forwarding manager."""

__version__ = "0.1.0"
