from newscrawl.cli import main

raise SystemExit(main())
