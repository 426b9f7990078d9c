"""The class report, from the CSV exports of a class's quizzes.

`reading` reads and checks the export files, `statistics` works out the numbers per item and
claim type, `gain` what pre- and post-tests say (each learner's g, d_z, Hake's ⟨g⟩), and
`formatting` puts them into text, markdown or CSV; `html` makes one web page of them, with the
charts `charts` draws (matplotlib, imported only then).
"""
