"""The Textual front end: the only part of media-quiz that imports textual."""
