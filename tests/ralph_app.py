"""Ralph's LRS application as tests/test_ralph.py runs it (imported by uvicorn in .venv-ralph/).

`ralph runserver -b fs` serves `ralph.api:app` with the file-system backend, whose LRS writes
every POST with the CREATE operation: it refuses to write to its statements file once that
exists, so a second POST fails with 500 (Ralph 4.0 to 5.1). The same app, appending instead,
is a real Ralph that keeps everything sent to it; started without runserver's file watcher.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402,F401 - what uvicorn serves
