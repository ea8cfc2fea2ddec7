"""Command line: one module per command (cmd_<name>.py) around the shared service functions."""
