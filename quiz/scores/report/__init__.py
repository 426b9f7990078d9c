"""The class report, from the CSV exports of a class's quizzes.

`reading` reads and checks the export files, `statistics` works out the numbers per item and
claim type (`gain` holds what a class learned between a pre- and a post-test), and `formatting`
puts them into text, markdown or CSV; `html` makes one web page of them, with the charts
`charts` draws (matplotlib, imported only then).
"""
