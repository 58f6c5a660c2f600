from hsconsole.app import main

raise SystemExit(main())
