"""`python -m mfml_tui` is the same as the `mfml-tui` command."""

from mfml_tui.cli import main

raise SystemExit(main())
