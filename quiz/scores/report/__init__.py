"""The class report, from the CSV exports of a class's quizzes.

`reading` reads and checks the export files, `statistics` works out the numbers per item and
claim type, and `formatting` puts them into text, markdown or CSV.
"""
