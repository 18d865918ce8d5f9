"""One module per CLI command: `register(subparsers, parent)` adds it, `run(args)` executes it."""
