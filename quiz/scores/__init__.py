"""Scores: what learners answered, kept safely, and what teachers get out of it.

- `store`: `ScoreStore`, the queries the quiz and the commands use, and where the file lives.
- `records`: the plain records the store hands out (learners, attempts, answers, export rows).
- `database`: the SQLite file under the store (sharing, transactions, `StoreError`).
- `migrations`: the file's schema, version by version, and how to tell a file is ours.
- `pins`: a learner's PIN under `serve` (its scrypt hash, the wait after wrong ones).
- `roster`: a teacher's class list for `serve --roster` (who may sign in, with which code).
- `columns`: the CSV export format, written by `export` and read by `report`.
- `export`: CSV for gradebooks and xAPI statements for learning record stores.
- `report`: the class report from CSV exports (`reading`, `statistics`, `formatting`).

Nothing is imported here, so that the quiz loads only the store (start-up is timed).
"""
