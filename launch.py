"""Start the browser chat: python launch.py (settings: see `python -m assistant config`)."""
from assistant.ui import main

if __name__ == "__main__":
    main()
