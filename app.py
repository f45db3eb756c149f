"""The web app: ``python app.py [--index DIR] [--port N] [--host H]`` (what ``./run app`` starts)."""

import sys

from assistant.web.app import main

if __name__ == "__main__":
    sys.exit(main())
