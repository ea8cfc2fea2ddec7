from landdesk.cli.main import main

raise SystemExit(main())
