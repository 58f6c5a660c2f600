"""``python -m hsconsole.sim``: the same as the ``hsconsole-sim`` command."""

from hsconsole.sim.server import main

raise SystemExit(main())
