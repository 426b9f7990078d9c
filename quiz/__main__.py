"""`python -m quiz` starts the quiz, like the `media-quiz` command."""

from quiz.cli import main

raise SystemExit(main())
